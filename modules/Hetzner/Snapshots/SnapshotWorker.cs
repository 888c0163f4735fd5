using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Panel.Modules.Hetzner.Snapshots;

/// <summary>The module's single background loop. Being the only place that executes runs is what keeps two
/// snapshot runs from ever overlapping in this process.</summary>
internal sealed partial class SnapshotWorker(
    IServiceScopeFactory scopes,
    WorkSignal signal,
    TimeProvider timeProvider,
    ILogger<SnapshotWorker> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfterError = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan sleep;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                sleep = await scope.ServiceProvider.GetRequiredService<SnapshotScheduler>().RunDueWorkAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPassFailed(logger, ex);
                sleep = RetryAfterError;
            }

            try
            {
                await signal.WaitAsync(sleep, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The Hetzner snapshot scheduler pass failed; it runs again in a minute.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
