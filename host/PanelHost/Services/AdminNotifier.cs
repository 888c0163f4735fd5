using Microsoft.EntityFrameworkCore;
using Panel.Contracts;
using PanelHost.Data;

namespace PanelHost.Services;

/// <summary>Stores notifications for the bell in the top bar; they stay until an admin marks them read.</summary>
internal sealed class AdminNotifier(IDbContextFactory<PanelDbContext> dbFactory, TimeProvider time, HostDataGate gate, ILogger<AdminNotifier> log) : IAdminNotifier
{
    public async Task RaiseAsync(AdminNotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        db.Notifications.Add(new Notification
        {
            At = time.GetUtcNow(),
            Module = notification.Module,
            Severity = notification.Severity,
            Title = notification.Title,
            Message = notification.Message,
        });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        log.LogWarning("Notification from {Module} ({Severity}): {Title}", notification.Module, notification.Severity, notification.Title);
    }

    public async Task<int> UnreadCountAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Notifications.CountAsync(n => n.ReadAt == null, cancellationToken).ConfigureAwait(false);
    }
}
