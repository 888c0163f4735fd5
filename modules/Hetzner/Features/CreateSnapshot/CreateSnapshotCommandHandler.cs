using MediatR;
using Panel.Contracts;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Features.GetSnapshotOperation;
using Panel.Modules.Hetzner.Snapshots.Scheduling;
using Panel.Modules.Hetzner.Snapshots.Server;

namespace Panel.Modules.Hetzner.Features.CreateSnapshot;

/// <summary>Records the run and wakes the background loop, which is the only place runs are executed; that is
/// what keeps a manual and an automatic snapshot from overlapping. The request is audited here, while the admin who
/// asked is still known; the outcome is audited by the loop.</summary>
internal sealed class CreateSnapshotCommandHandler(
    ServerIdentity identity,
    RunLedger ledger,
    WorkSignal signal,
    IAuditLog auditLog) : IRequestHandler<CreateSnapshotCommand, SnapshotOperationView>
{
    public async Task<SnapshotOperationView> Handle(CreateSnapshotCommand request, CancellationToken cancellationToken)
    {
        // Refused at once on a moved panel or a silent metadata service; the run checks again before it creates.
        await identity.RequireAsync("created", cancellationToken);
        var run = await ledger.TryRequestManualAsync(request.Description, cancellationToken);
        if (run is null)
        {
            var active = await ledger.GetActiveAsync(cancellationToken);
            throw ProblemException.Conflict(
                $"A snapshot is already being created (\"{active?.Description}\"). Wait until it is available, then try again.");
        }

        await auditLog.WriteAsync(
            new AuditEvent(HetznerModule.Id, AuditCodes.SnapshotCreateRequest, $"Manual snapshot \"{run.Description}\" requested (operation {run.Id})."),
            cancellationToken);
        signal.Notify();
        return SnapshotOperationView.From(run, null);
    }
}
