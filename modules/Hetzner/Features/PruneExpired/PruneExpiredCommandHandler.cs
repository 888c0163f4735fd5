using MediatR;
using Panel.Contracts;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Snapshots.Retention;

namespace Panel.Modules.Hetzner.Features.PruneExpired;

internal sealed class PruneExpiredCommandHandler(SnapshotPruner pruner, IAuditLog auditLog, IAdminNotifier notifier)
    : IRequestHandler<PruneExpiredCommand, PruneReport>
{
    public async Task<PruneReport> Handle(PruneExpiredCommand request, CancellationToken cancellationToken)
    {
        if (request.DryRun)
        {
            return await pruner.PreviewAsync(cancellationToken);
        }

        var report = await pruner.PruneAsync(cancellationToken);
        if (report.Failed.Count > 0)
        {
            // A prune the admin started fails like the automatic one: the same event and the same Critical alert
            // (issue 13 §2, docs/alerts.md), so the channels hear of snapshots that could not be deleted either way.
            var failure = string.Join(" ", report.Failed.Select(f => $"{f.Description} ({f.Id}): {f.Error}"));
            await auditLog.WriteAsync(new AuditEvent(HetznerModule.Id, AuditCodes.SnapshotPruneFailed, failure), CancellationToken.None);
            await notifier.RaiseAsync(
                new AdminNotification(HetznerModule.Id, NotificationSeverity.Critical, "Cleaning snapshots failed", failure),
                CancellationToken.None);
        }

        return report;
    }
}
