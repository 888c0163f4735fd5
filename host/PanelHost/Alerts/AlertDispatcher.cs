using Microsoft.EntityFrameworkCore;
using Panel.Contracts;
using PanelHost.Data;
using PanelHost.Services;

namespace PanelHost.Alerts;

/// <summary>
/// Delivers what is due in the queue, one alert after the other. A failed attempt is retried with exponential backoff
/// (<see cref="AlertOptions"/>); after the last attempt the alert is dropped with an ALERT_DELIVERY_FAILED event. Each
/// outcome is recorded on the channel, so the Alerts page shows an unreachable server with its last error.
/// </summary>
internal sealed partial class AlertDispatcher(
    IDbContextFactory<PanelDbContext> dbFactory,
    AlertSender sender,
    AlertOptions options,
    IAuditLog audit,
    TimeProvider time,
    ILogger<AlertDispatcher> log)
{
    public const string DroppedCode = "ALERT_DELIVERY_FAILED";

    /// <summary>Attempts every delivery that is due now.</summary>
    /// <returns>When the next queued delivery is due, or null when the queue is empty.</returns>
    public async Task<DateTimeOffset?> DeliverDueAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var due = await db.AlertDeliveries.Where(d => d.NextAttemptAt <= now).OrderBy(d => d.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var delivery in due)
        {
            var channel = await db.AlertChannels.SingleOrDefaultAsync(c => c.Id == delivery.ChannelId, cancellationToken).ConfigureAwait(false);
            if (channel is not { Enabled: true })
            {
                // Switched off since it was queued: the admin does not want it any more.
                db.AlertDeliveries.Remove(delivery);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            await AttemptAsync(db, channel, delivery, cancellationToken).ConfigureAwait(false);
        }

        return await db.AlertDeliveries.AnyAsync(cancellationToken).ConfigureAwait(false)
            ? await db.AlertDeliveries.MinAsync(d => d.NextAttemptAt, cancellationToken).ConfigureAwait(false)
            : null;
    }

    private async Task AttemptAsync(PanelDbContext db, AlertChannel channel, AlertDelivery delivery, CancellationToken cancellationToken)
    {
        var message = new AlertMessage(Environment.MachineName, delivery.Module, delivery.Severity, delivery.Title, delivery.Message, delivery.CreatedAt, IsTest: false);
        try
        {
            await sender.SendAsync(channel, message, cancellationToken).ConfigureAwait(false);
            db.AlertDeliveries.Remove(delivery);
            Record(channel, time.GetUtcNow(), error: null);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (AlertDeliveryException ex)
        {
            var now = time.GetUtcNow();
            delivery.Attempts++;
            delivery.LastError = ex.Message;
            Record(channel, now, ex.Message);
            if (delivery.Attempts < options.MaxAttempts)
            {
                delivery.NextAttemptAt = now + options.Backoff(delivery.Attempts);
                LogRetry(log, channel.Name, delivery.Attempts, delivery.NextAttemptAt, ex.Message);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            db.AlertDeliveries.Remove(delivery);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            LogDropped(log, channel.Name, delivery.Attempts, ex.Message);
        }

        await audit.WriteAsync(new AuditEvent(AuditLog.HostModule, DroppedCode,
            $"Alert “{delivery.Title}” ({delivery.Module}) to channel “{channel.Name}” dropped after {delivery.Attempts} attempts: {delivery.LastError}"),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records an attempt's outcome on the channel (also used by "Send test alert").</summary>
    public static void Record(AlertChannel channel, DateTimeOffset at, string? error)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (error is null)
        {
            channel.LastSuccessAt = at;
            channel.LastError = null;
        }
        else
        {
            channel.LastFailureAt = at;
            channel.LastError = error.Length > 1000 ? error[..1000] : error;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert to channel {Channel} failed (attempt {Attempts}); next attempt at {NextAttemptAt}: {Reason}")]
    private static partial void LogRetry(ILogger logger, string channel, int attempts, DateTimeOffset nextAttemptAt, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert to channel {Channel} dropped after {Attempts} attempts: {Reason}")]
    private static partial void LogDropped(ILogger logger, string channel, int attempts, string reason);
}
