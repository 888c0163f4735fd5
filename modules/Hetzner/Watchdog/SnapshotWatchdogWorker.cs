using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Panel.Modules.Hetzner.Watchdog;

/// <summary>Runs the dead man's switch apart from the snapshot worker, so that a snapshot worker that is stuck or
/// failing is still noticed.</summary>
internal sealed partial class SnapshotWatchdogWorker(
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<SnapshotWatchdogWorker> logger) : BackgroundService
{
    /// <summary>Settings can change at any time; a quarter of an hour is soon enough to notice that.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMinutes(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var sleep = CheckInterval;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<SnapshotWatchdog>().CheckAsync(stoppingToken) is { } next)
                {
                    var until = next - time.GetUtcNow();
                    sleep = until < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : until < CheckInterval ? until : CheckInterval;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogCheckFailed(logger, ex);
            }

            try
            {
                await Task.Delay(sleep, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The check for missing automatic snapshots failed; it runs again later.")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
