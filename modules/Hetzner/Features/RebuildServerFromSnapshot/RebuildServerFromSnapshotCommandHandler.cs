using MediatR;
using Panel.Contracts;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Features.CreateSnapshot;
using Panel.Modules.Hetzner.Integration;
using Panel.Modules.Hetzner.Restore;
using Panel.Modules.Hetzner.Snapshots.Scheduling;
using Panel.Modules.Hetzner.Snapshots.Server;

namespace Panel.Modules.Hetzner.Features.RebuildServerFromSnapshot;

/// <summary>
/// The request is audited before anything goes to Hetzner. With a fresh snapshot, that snapshot goes the usual way
/// (a manual run, duplicate-free) and the <see cref="RestoreRunner"/> sends the rebuild once it is available; without
/// one, the rebuild is sent here, so that a refusal is the answer to this request.
/// </summary>
internal sealed class RebuildServerFromSnapshotCommandHandler(
    ServerIdentity identity,
    RestoreChoicesReader choices,
    RunLedger ledger,
    IMediator mediator,
    IHetznerApi api,
    RestoreRunner runner,
    IAuditLog auditLog) : IRequestHandler<RebuildServerFromSnapshotCommand, RestoreOperationView>
{
    public async Task<RestoreOperationView> Handle(RebuildServerFromSnapshotCommand request, CancellationToken cancellationToken)
    {
        var connection = await identity.RequireAsync("rebuilt", cancellationToken);
        var snapshot = await choices.FindSnapshotAsync(request.SnapshotId, cancellationToken)
            ?? throw ProblemException.NotFound(RestoreChoicesReader.NotRestorable(request.SnapshotId));
        if (await ledger.GetActiveAsync(cancellationToken) is { } active)
        {
            throw ProblemException.Conflict(
                $"Nothing was rebuilt: snapshot \"{active.Description}\" is still being created. Wait until it is available, then try again.");
        }

        var work = new RestoreWork(connection.Token, snapshot.Id, snapshot.Description, connection.ServerId, connection.ServerName, "", "");
        var what = $"Rebuild of {connection} from snapshot \"{snapshot.Description}\" ({snapshot.Id})";
        await auditLog.WriteAsync(
            new AuditEvent(HetznerModule.Id, AuditCodes.ServerRebuildRequest, request.TakeFreshSnapshot
                ? $"{what} requested; a fresh snapshot is taken first. Everything on the server since snapshot \"{snapshot.Description}\" is replaced."
                : $"{what} requested WITHOUT a fresh snapshot (the admin opted out). Everything on the server since snapshot \"{snapshot.Description}\" is lost."),
            cancellationToken);

        if (request.TakeFreshSnapshot)
        {
            var description = $"Before rebuild from {snapshot.Description}";
            var run = await mediator.Send(
                new CreateSnapshotCommand(description.Length > CreateSnapshotCommandValidator.MaxLength ? description[..CreateSnapshotCommandValidator.MaxLength] : description),
                cancellationToken);
            return await runner.StartRebuildAsync(work, null, run.Id, CancellationToken.None);
        }

        var sent = await api.RebuildServerAsync(connection.Token, connection.ServerId, snapshot.Id, cancellationToken);
        if (sent.Value is not { } action)
        {
            var refusal = RestoreRefusals.For(sent.Error!, new Dictionary<string, string> { ["image"] = "snapshotId" }, "", "", connection.ServerName);
            await auditLog.WriteAsync(new AuditEvent(HetznerModule.Id, AuditCodes.ServerRebuildFailed, $"{what} refused: {refusal.Message}"), CancellationToken.None);
            throw refusal;
        }

        return await runner.StartRebuildAsync(work, action, null, CancellationToken.None);
    }
}
