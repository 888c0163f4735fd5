using MediatR;
using Panel.Modules.Hetzner.Snapshots.Retention;

namespace Panel.Modules.Hetzner.Features.PruneExpired;

internal sealed class PruneExpiredCommandHandler(SnapshotPruner pruner, PruneFailureAlert failureAlert)
    : IRequestHandler<PruneExpiredCommand, PruneReport>
{
    public async Task<PruneReport> Handle(PruneExpiredCommand request, CancellationToken cancellationToken)
    {
        if (request.DryRun)
        {
            return await pruner.PreviewAsync(cancellationToken);
        }

        var report = await pruner.PruneAsync(cancellationToken);
        // Said even if the admin has left the page: the deletes already happened (or failed) at Hetzner.
        if (PruneFailureAlert.Describe(report) is { } failure)
        {
            await failureAlert.RaiseAsync(failure, CancellationToken.None);
        }

        return report;
    }
}
