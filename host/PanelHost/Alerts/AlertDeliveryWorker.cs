using PanelHost.Services;

namespace PanelHost.Alerts;

/// <summary>Empties the alert queue in the background: woken by a queued alert, or at the next retry time.</summary>
internal sealed partial class AlertDeliveryWorker(
    AlertDispatcher dispatcher,
    AlertSignal signal,
    StartupGate gate,
    TimeProvider time,
    ILogger<AlertDeliveryWorker> log) : BackgroundService
{
    private static readonly TimeSpan RetryAfterError = TimeSpan.FromMinutes(1);

    // Timers cannot be set beyond about 49 days; a day keeps the wait well inside that.
    private static readonly TimeSpan MaximumSleep = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await gate.WaitForHostDataAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
#pragma warning disable CA1031 // The host's start-up reports a database that cannot be prepared; nothing to deliver then.
        catch (Exception)
#pragma warning restore CA1031
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan sleep;
            try
            {
                var next = await dispatcher.DeliverDueAsync(stoppingToken).ConfigureAwait(false);
                sleep = next is { } at ? Clamp(at - time.GetUtcNow()) : MaximumSleep;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A broken pass (the database briefly locked) must not end alerting for good.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogPassFailed(log, ex);
                sleep = RetryAfterError;
            }

            try
            {
                await signal.WaitAsync(sleep, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static TimeSpan Clamp(TimeSpan sleep) =>
        sleep < TimeSpan.Zero ? TimeSpan.Zero : sleep > MaximumSleep ? MaximumSleep : sleep;

    [LoggerMessage(Level = LogLevel.Error, Message = "The alert delivery pass failed; it runs again in a minute.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
