using MediatR;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Features.GetSnapshotOperation;
using Panel.Modules.Hetzner.Snapshots;

namespace Panel.Modules.Hetzner.Features.CreateSnapshot;

/// <summary>Records the run and wakes the background loop, which is the only place runs are executed; that is
/// what keeps a manual and an automatic snapshot from overlapping.</summary>
internal sealed class CreateSnapshotCommandHandler(
    ConnectionReader connections,
    RunLedger ledger,
    WorkSignal signal) : IRequestHandler<CreateSnapshotCommand, SnapshotOperationView>
{
    public async Task<SnapshotOperationView> Handle(CreateSnapshotCommand request, CancellationToken cancellationToken)
    {
        await connections.RequireAsync(cancellationToken);
        var run = await ledger.TryRequestManualAsync(request.Description, cancellationToken);
        if (run is null)
        {
            var active = await ledger.GetActiveAsync(cancellationToken);
            throw ProblemException.Conflict(
                $"A snapshot is already being created (\"{active?.Description}\"). Wait until it is available, then try again.");
        }

        signal.Notify();
        return SnapshotOperationView.From(run, null);
    }
}
