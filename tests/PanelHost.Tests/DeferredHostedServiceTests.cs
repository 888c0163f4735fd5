using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Panel.Contracts;
using PanelHost.Plugins;
using PanelHost.Services;

namespace PanelHost.Tests;

/// <summary>How the host runs a module's background service: after readiness, and watched once it runs.</summary>
public sealed class DeferredHostedServiceTests
{
    private readonly StartupReadiness _readiness = new();
    private readonly ModuleCatalog _catalog = new(Path.Combine(Path.GetTempPath(), "panel-no-plugins-" + Guid.NewGuid().ToString("N")));
    private readonly RecordingNotifier _notifier = new();

    private DeferredHostedService Wrap(IHostedService inner) =>
        new(inner, "sample", _readiness, _catalog, _notifier, NullLogger<DeferredHostedService>.Instance);

    [Fact]
    public async Task Starts_only_once_the_panel_is_ready()
    {
        var loop = new Loop(_ => Task.Delay(Timeout.Infinite, _));
        using var service = Wrap(loop);
        await service.StartAsync(default);
        await Task.Delay(100);
        Assert.False(loop.Started.Task.IsCompleted);

        _readiness.Complete();
        await loop.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await service.StopAsync(default);
    }

    [Fact]
    public async Task A_loop_that_dies_is_reported_to_the_admin_and_the_host_keeps_running()
    {
        var loop = new Loop(async ct =>
        {
            await Task.Yield();
            throw new InvalidOperationException("The loop broke.");
        });
        using var service = Wrap(loop);
        _readiness.Complete();
        await service.StartAsync(default);

        var notification = await _notifier.Raised.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("sample", notification.Module);
        Assert.Equal(NotificationSeverity.Critical, notification.Severity);
        Assert.Contains("The loop broke.", notification.Message, StringComparison.Ordinal);
        await service.StopAsync(default);
    }

    [Fact]
    public async Task A_stop_does_not_wait_beyond_its_deadline_for_a_start_that_hangs()
    {
        using var service = Wrap(new HangingStart());
        _readiness.Complete();
        await service.StartAsync(default);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await service.StopAsync(deadline.Token).WaitAsync(TimeSpan.FromSeconds(10));
    }

    private sealed class Loop(Func<CancellationToken, Task> body) : BackgroundService
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override Task ExecuteAsync(CancellationToken stoppingToken)
        {
            Started.TrySetResult();
            return body(stoppingToken);
        }
    }

    private sealed class HangingStart : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, CancellationToken.None);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class RecordingNotifier : IAdminNotifier
    {
        public TaskCompletionSource<AdminNotification> Raised { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task RaiseAsync(AdminNotification notification, CancellationToken cancellationToken = default)
        {
            Raised.TrySetResult(notification);
            return Task.CompletedTask;
        }
    }
}
