using Microsoft.EntityFrameworkCore;
using Panel.Contracts;
using PanelHost.Alerts;
using PanelHost.Data;
using PanelHost.Plugins;

namespace PanelHost.Services;

/// <summary>A notification as the pages and the API show it, with the page it is about.</summary>
internal sealed record NotificationRow(long Id, DateTimeOffset At, string Module, NotificationSeverity Severity, string Title, string Message, DateTimeOffset? ReadAt, string Link);

/// <summary>
/// Stores notifications for the bell in the top bar; they stay until an admin marks them read. The one read path for
/// notifications: the bell, the Dashboard, the Notifications page and the API all ask here.
/// </summary>
internal sealed class AdminNotifier(IDbContextFactory<PanelDbContext> dbFactory, TimeProvider time, StartupGate gate, ModuleCatalog catalog, AlertOutbox alerts, ILogger<AdminNotifier> log) : IAdminNotifier
{
    public const int ListLimit = 200;

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

    public async Task<int> UnreadCountAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Notifications.CountAsync(n => n.ReadAt == null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The newest <see cref="ListLimit"/> notifications, newest first.</summary>
    public async Task<IReadOnlyList<NotificationRow>> ListAsync(bool unreadOnly, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var query = db.Notifications.AsNoTracking();
        if (unreadOnly)
        {
            query = query.Where(n => n.ReadAt == null);
        }

        var rows = await query.OrderByDescending(n => n.Id).Take(ListLimit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(n => new NotificationRow(n.Id, n.At, n.Module, n.Severity, n.Title, n.Message, n.ReadAt, LinkOf(n.Module)))];
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

    /// <summary>The page a notification is about: its module's page, or the Modules page for the panel's own ones
    /// (which are about modules: lost data, failed background services) and for a module that is gone.</summary>
    private string LinkOf(string module) =>
        catalog.Find(module) is { } loaded ? PanelLinks.ModuleHome(loaded) : "/modules";
}
