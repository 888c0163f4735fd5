using Microsoft.EntityFrameworkCore;
using Panel.Contracts;
using PanelHost.Data;

namespace PanelHost.Alerts;

/// <summary>Puts a Critical or Warning notification into the delivery queue of every enabled channel, in the same database
/// transaction as the notification itself: an alert is never lost between the two, and raising one never waits for a
/// mail server or a webhook.</summary>
internal sealed class AlertOutbox(AlertSignal signal)
{
    /// <summary>Critical ones are the alerts; Warnings go too because that is how a module says a condition it alerted
    /// about has ended (ADR-0032). Info stays in the panel.</summary>
    public static bool IsAlert(AdminNotification notification) =>
        notification?.Severity is NotificationSeverity.Critical or NotificationSeverity.Warning;

    /// <summary>Adds the deliveries to <paramref name="db"/>; the caller saves them with its own changes, then calls
    /// <see cref="Queued"/>.</summary>
    /// <returns>How many were added.</returns>
    public static async Task<int> AddAsync(PanelDbContext db, AdminNotification notification, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(notification);
        if (!IsAlert(notification))
        {
            return 0;
        }

        var channels = await db.AlertChannels.Where(c => c.Enabled).Select(c => c.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        db.AlertDeliveries.AddRange(channels.Select(id => new AlertDelivery
        {
            ChannelId = id,
            CreatedAt = at,
            NextAttemptAt = at,
            Module = notification.Module,
            Severity = notification.Severity,
            Title = notification.Title,
            Message = notification.Message,
        }));
        return channels.Count;
    }

    public void Queued() => signal.Notify();
}
