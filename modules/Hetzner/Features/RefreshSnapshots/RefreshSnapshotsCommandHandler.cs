using MediatR;
using Panel.Modules.Hetzner.Features.ListSnapshots;
using Panel.Modules.Hetzner.Snapshots.Mirror;
using Panel.Modules.Hetzner.Snapshots.Secrets;

namespace Panel.Modules.Hetzner.Features.RefreshSnapshots;

internal sealed class RefreshSnapshotsCommandHandler(ConnectionReader connections, SnapshotMirror mirror, IMediator mediator)
    : IRequestHandler<RefreshSnapshotsCommand, SnapshotListView>
{
    public async Task<SnapshotListView> Handle(RefreshSnapshotsCommand request, CancellationToken cancellationToken)
    {
        await connections.RequireAsync(cancellationToken);
        await mirror.RefreshAsync(cancellationToken);
        return await mediator.Send(new ListSnapshotsQuery(), cancellationToken);
    }
}
