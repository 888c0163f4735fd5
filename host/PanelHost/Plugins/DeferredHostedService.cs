using Microsoft.Extensions.DependencyInjection;
using PanelHost.Services;

namespace PanelHost.Plugins;

/// <summary>
/// A module's background service starts only once the panel is ready (its <c>InitializeAsync</c> has run, so its
/// storage exists), and not at all when the module failed. The host starts listening before that point, so hosted
/// services a module registers are wrapped in this when its registrations are copied into the host's container.
/// </summary>
internal sealed partial class DeferredHostedService(IHostedService inner, string moduleId, StartupReadiness readiness, ModuleCatalog catalog, ILogger<DeferredHostedService> log)
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
            sp.GetRequiredService<StartupReadiness>(),
            sp.GetRequiredService<ModuleCatalog>(),
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
        await _starting.ConfigureAwait(false);
        if (_started)
        {
            await inner.StopAsync(cancellationToken).ConfigureAwait(false);
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
                LogStartFailed(log, ex, moduleId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A background service of module {ModuleId} failed to start.")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, string moduleId);
}
