using Microsoft.Extensions.DependencyInjection;
using Panel.Contracts;
using PanelHost.Services;

namespace PanelHost.Plugins;

/// <summary>
/// A module's background service starts only once the panel is ready (its <c>InitializeAsync</c> has run, so its
/// storage exists), and not at all when the module failed. The host starts listening before that point, so hosted
/// services a module registers are wrapped in this when its registrations are copied into the host's container.
/// </summary>
/// <remarks>
/// The host watches only the background services it can see, and this wrapper hides the module's one; so it watches
/// it itself: a module loop that ends with an exception is logged and raised as a critical admin notification. Unlike
/// the framework's default for its own services, it does not stop the panel: a broken module never stops the host.
/// A module's <see cref="IHostedLifecycleService"/> callbacks are not called; only StartAsync and StopAsync are.
/// </remarks>
internal sealed partial class DeferredHostedService(
    IHostedService inner,
    string moduleId,
    StartupGate readiness,
    ModuleCatalog catalog,
    IAdminNotifier notifier,
    ILogger<DeferredHostedService> log)
    : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _starting = Task.CompletedTask;
    private volatile bool _started;

    /// <summary>Returns the descriptor unchanged unless it registers a hosted service.</summary>
    public static ServiceDescriptor Wrap(ServiceDescriptor descriptor, string moduleId)
    {
        if (descriptor.ServiceType != typeof(IHostedService) || descriptor.IsKeyedService)
        {
            return descriptor;
        }

        return ServiceDescriptor.Singleton<IHostedService>(sp => new DeferredHostedService(
            descriptor.ImplementationInstance as IHostedService
                ?? descriptor.ImplementationFactory?.Invoke(sp) as IHostedService
                ?? (IHostedService)ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!),
            moduleId,
            sp.GetRequiredService<StartupGate>(),
            sp.GetRequiredService<ModuleCatalog>(),
            sp.GetRequiredService<IAdminNotifier>(),
            sp.GetRequiredService<ILogger<DeferredHostedService>>()));
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _starting = StartWhenReadyAsync();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            // A start that does not react to cancellation must not hold the shutdown beyond the host's own deadline.
            await _starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        if (!_started)
        {
            return;
        }

        try
        {
            await inner.StopAsync(cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The host rethrows a hosted service's stop failure, which would turn a shutdown into a crash.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogStopFailed(log, ex, moduleId);
        }
    }

    // Cancels rather than disposes the source, as BackgroundService does: the host that RunAsync disposes on shutdown
    // can be disposed while another caller (WebApplicationFactory) is still stopping its hosted services.
    public void Dispose()
    {
        _stopping.Cancel();
        (inner as IDisposable)?.Dispose();
    }

    private async Task StartWhenReadyAsync()
    {
        try
        {
            await readiness.WaitAsync(_stopping.Token).ConfigureAwait(false);
            if (catalog.IsFailed(moduleId))
            {
                return;
            }

            await inner.StartAsync(_stopping.Token).ConfigureAwait(false);
            _started = true;
            if (inner is BackgroundService { ExecuteTask: { } running })
            {
                _ = WatchAsync(running);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // The host's own failure is reported by Program; a module's start failure must not stop the host.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (readiness.IsReady)
            {
                await ReportAsync("failed to start", ex).ConfigureAwait(false);
            }
        }
    }

    private async Task WatchAsync(Task running)
    {
        try
        {
            await running.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // Reported to the admin; the host keeps running.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await ReportAsync("stopped with an error", ex).ConfigureAwait(false);
        }
    }

    private async Task ReportAsync(string what, Exception ex)
    {
        LogBackgroundFailure(log, ex, moduleId, what);
        try
        {
            await notifier.RaiseAsync(
                new AdminNotification(
                    moduleId,
                    NotificationSeverity.Critical,
                    "A background service of the module " + what,
                    $"{inner.GetType().Name}: {ex.Message} It stays stopped until the panel restarts."),
                CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Already logged; a notification that cannot be stored must not throw further.
        catch (Exception notifyError)
#pragma warning restore CA1031
        {
            LogNotifyFailed(log, notifyError, moduleId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A background service of module {ModuleId} {What}.")]
    private static partial void LogBackgroundFailure(ILogger logger, Exception exception, string moduleId, string what);

    [LoggerMessage(Level = LogLevel.Error, Message = "A background service of module {ModuleId} failed to stop.")]
    private static partial void LogStopFailed(ILogger logger, Exception exception, string moduleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The notification about module {ModuleId}'s background service could not be stored.")]
    private static partial void LogNotifyFailed(ILogger logger, Exception exception, string moduleId);
}
