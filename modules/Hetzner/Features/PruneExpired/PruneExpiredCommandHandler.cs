using MediatR;
using Panel.Modules.Hetzner.Snapshots.Retention;

namespace Panel.Modules.Hetzner.Features.PruneExpired;

internal sealed class PruneExpiredCommandHandler(SnapshotPruner pruner) : IRequestHandler<PruneExpiredCommand, PruneReport>
{
    public Task<PruneReport> Handle(PruneExpiredCommand request, CancellationToken cancellationToken) =>
        request.DryRun ? pruner.PreviewAsync(cancellationToken) : pruner.PruneAsync(cancellationToken);
}
