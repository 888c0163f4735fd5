using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Panel.Contracts;
using PanelHost.Plugins;
using PanelHost.Services;

namespace PanelHost.Tests;

/// <summary>How the host runs a module's background service: after readiness, and watched once it runs.</summary>
public sealed class DeferredHostedServiceTests
{
    private readonly StartupGate _readiness = new();
    private readonly ModuleCatalog _catalog = new([Path.Combine(Path.GetTempPath(), "panel-no-plugins-" + Guid.NewGuid().ToString("N"))]);
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

    [Fact]
    public async Task A_failing_stop_is_logged_not_thrown_and_a_failed_start_is_not_stopped()
    {
        var throwingStop = new Throwing(startThrows: false);
        using (var service = Wrap(throwingStop))
        {
            _readiness.Complete();
            await service.StartAsync(default);
            await throwingStop.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await service.StopAsync(default);
            Assert.True(throwingStop.StopCalled);
        }

        var throwingStart = new Throwing(startThrows: true);
        using var failed = Wrap(throwingStart);
        await failed.StartAsync(default);
        var notification = await _notifier.Raised.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("failed to start", notification.Title, StringComparison.Ordinal);
        await failed.StopAsync(default);
        Assert.False(throwingStart.StopCalled);
    }

    [Fact]
    public void A_hosted_service_type_two_modules_register_is_run_once()
    {
        IServiceCollection services = new ServiceCollection();
        foreach (var module in new[] { "first", "second" })
        {
            IServiceCollection scratch = new ServiceCollection();
            foreach (var existing in services)
            {
                scratch.Add(existing);
            }

            var before = scratch.ToList();
            scratch.AddHostedService<SharedLoop>();
            _catalog.AddRegistrations(services, [.. scratch.Except(before)], module);
        }

        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
    }

    private sealed class SharedLoop : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
    }

    private sealed class Throwing(bool startThrows) : IHostedService
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool StopCalled { get; private set; }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (startThrows)
            {
                throw new InvalidOperationException("Start broke.");
            }

            Started.TrySetResult();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            StopCalled = true;
            throw new InvalidOperationException("Stop broke.");
        }
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
