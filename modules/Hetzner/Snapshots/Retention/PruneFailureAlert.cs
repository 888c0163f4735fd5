using Panel.Contracts;
using Panel.Modules.Hetzner.Common;

namespace Panel.Modules.Hetzner.Snapshots.Retention;

/// <summary>What a failed prune says, whoever started it (the automatic run or the admin): one Events entry and one
/// Critical notification, which the host's alert channels send out (docs/alerts.md).</summary>
internal sealed class PruneFailureAlert(IAuditLog auditLog, IAdminNotifier notifier)
{
    public const string Title = "Cleaning snapshots failed";

    /// <summary>The snapshots a prune could not delete, one sentence each; null when every delete went through.</summary>
    public static string? Describe(PruneReport report) =>
        report.Failed.Count > 0 ? string.Join(" ", report.Failed.Select(f => $"{f.Description} ({f.Id}): {f.Error}")) : null;

    public async Task RaiseAsync(string failure, CancellationToken cancellationToken)
    {
        await auditLog.WriteAsync(new AuditEvent(HetznerModule.Id, AuditCodes.SnapshotPruneFailed, failure), cancellationToken);
        await notifier.RaiseAsync(new AdminNotification(HetznerModule.Id, NotificationSeverity.Critical, Title, failure), cancellationToken);
    }
}
