using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Panel.Modules.Hetzner.Snapshots.Scheduling;

/// <summary>The module's single background loop. Being the only place that executes runs is what keeps two
/// snapshot runs from ever overlapping in this process. Between passes it sleeps until the scheduler's next wake-up
/// time or a <see cref="WorkSignal"/>, whichever comes first; it reads nothing while it sleeps.</summary>
internal sealed partial class SnapshotWorker(
    IServiceScopeFactory scopes,
    WorkSignal signal,
    TimeProvider timeProvider,
    ILogger<SnapshotWorker> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfterError = TimeSpan.FromMinutes(1);

    // A wake-up time that is already past after a pass means the due work could not start (a run requested during
    // the pass holds the slot; its signal wakes the loop anyway): try again a second later rather than at once.
    private static readonly TimeSpan MinimumSleep = TimeSpan.FromSeconds(1);

    // Beyond about 49 days a timer cannot be set; a day keeps far-off wake-ups well inside that.
    private static readonly TimeSpan MaximumSleep = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan sleep;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var wake = await scope.ServiceProvider.GetRequiredService<SnapshotScheduler>().RunDueWorkAsync(stoppingToken);
                sleep = SleepUntil(wake);
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

    private TimeSpan SleepUntil(WakeUp wake)
    {
        if (wake.At is not { } at)
        {
            return Timeout.InfiniteTimeSpan;
        }

        var sleep = at - timeProvider.GetUtcNow();
        return sleep < MinimumSleep ? MinimumSleep : sleep > MaximumSleep ? MaximumSleep : sleep;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The Hetzner snapshot scheduler pass failed; it runs again in a minute.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
