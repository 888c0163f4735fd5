using Microsoft.EntityFrameworkCore;
using Panel.Contracts;
using PanelHost.Alerts;
using PanelHost.Data;

namespace PanelHost.Services;

/// <summary>
/// Stores notifications for the bell in the top bar; they stay until an admin marks them read. Read through
/// <see cref="NotificationLog"/>.
/// </summary>
internal sealed class AdminNotifier(IDbContextFactory<PanelDbContext> dbFactory, TimeProvider time, StartupGate gate, AlertOutbox alerts, ILogger<AdminNotifier> log) : IAdminNotifier
{
    public async Task RaiseAsync(AdminNotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        await gate.WaitForHostDataAsync(cancellationToken).ConfigureAwait(false);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var at = time.GetUtcNow();
        db.Notifications.Add(new Notification
        {
            At = at,
            Module = notification.Module,
            Severity = notification.Severity,
            Title = notification.Title,
            Message = notification.Message,
        });
        // Critical ones also go out through the alert channels: queued in the same save, delivered in the background.
        var queued = await AlertOutbox.AddAsync(db, notification, at, cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (queued > 0)
        {
            alerts.Queued();
        }

        log.LogWarning("Notification from {Module} ({Severity}): {Title}", notification.Module, notification.Severity, notification.Title);
    }

    /// <summary>Marks one notification read; false when there is no such notification (a stale page's button).</summary>
    public async Task<bool> MarkReadAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        // Already read counts as done: the admin's intent holds either way.
        await db.Notifications.Where(n => n.Id == id && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken).ConfigureAwait(false);
        return await db.Notifications.AnyAsync(n => n.Id == id, cancellationToken).ConfigureAwait(false);
    }

    /// <returns>How many were unread.</returns>
    public async Task<int> MarkAllReadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        return await db.Notifications.Where(n => n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken).ConfigureAwait(false);
    }
}
