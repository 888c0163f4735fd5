using MediatR;
using Panel.Contracts;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Integration;
using Panel.Modules.Hetzner.Snapshots.Mirror;
using Panel.Modules.Hetzner.Snapshots.Server;

namespace Panel.Modules.Hetzner.Features.DeleteSnapshot;

/// <summary>Only snapshots in this server's mirror can be deleted, so the panel cannot be used to delete other
/// servers' images. A protected snapshot is refused with the reason: lifting the protection is a separate, audited
/// step (ChangeSnapshotProtection), never a side effect of a delete.</summary>
internal sealed class DeleteSnapshotCommandHandler(
    HetznerDbContext db,
    IHetznerApi api,
    ServerIdentity identity,
    SnapshotMirror mirror,
    IAuditLog auditLog) : IRequestHandler<DeleteSnapshotCommand, DeleteSnapshotResult>
{
    public const string RemoveProtectionHint = "Switch “Keep forever” off in its row on the Snapshots tab first; a delete never lifts the protection by itself.";

    public const string ProtectedMessage = "This snapshot is delete-protected at Hetzner (kept forever). " + RemoveProtectionHint;

    public async Task<DeleteSnapshotResult> Handle(DeleteSnapshotCommand request, CancellationToken cancellationToken)
    {
        var connection = await identity.RequireAsync("deleted", cancellationToken);
        // Held from the check to the removal: a refresh in between could list the snapshot and put it back.
        await using var writer = await mirror.AcquireAsync(cancellationToken);
        var snapshot = await db.Snapshots.FindAsync([request.Id], cancellationToken);
        if (snapshot is null || snapshot.CreatedFromServerId != connection.ServerId)
        {
            throw NotThisServers(request.Id);
        }

        if (snapshot.DeleteProtected)
        {
            throw ProblemException.Conflict(ProtectedMessage);
        }

        // The mirror may be minutes old: Hetzner's current word decides, so a snapshot that was relabelled, protected
        // or replaced since the last refresh is never deleted by mistake.
        var current = await api.GetImageAsync(connection.Token, snapshot.Id, cancellationToken);
        if (current.IsSuccess && (current.Value!.Type != "snapshot" || current.Value.CreatedFromServerId != connection.ServerId))
        {
            await writer.RemoveAsync(snapshot.Id, cancellationToken);
            throw NotThisServers(request.Id);
        }

        if (current.IsSuccess && current.Value!.DeleteProtected)
        {
            snapshot.DeleteProtected = true;
            await db.SaveChangesAsync(cancellationToken);
            throw ProblemException.Conflict(ProtectedMessage);
        }

        if (!current.IsSuccess && current.Error!.Code != HetznerError.NotFound)
        {
            throw ProblemException.Upstream(HetznerErrorText.Describe(current.Error));
        }

        // Once sent, the delete is seen through and recorded even if the admin leaves the page: a snapshot gone at
        // Hetzner without its event is a lost audit record.
        var deleted = await api.DeleteImageAsync(connection.Token, snapshot.Id, CancellationToken.None);
        var alreadyGone = !deleted.IsSuccess && deleted.Error!.Code == HetznerError.NotFound;
        if (!deleted.IsSuccess && !alreadyGone)
        {
            if (deleted.Error!.Code == HetznerError.Protected)
            {
                snapshot.DeleteProtected = true;
                await db.SaveChangesAsync(CancellationToken.None);
                throw ProblemException.Conflict(ProtectedMessage);
            }

            throw ProblemException.Upstream(HetznerErrorText.Describe(deleted.Error));
        }

        await writer.RemoveAsync(snapshot.Id, CancellationToken.None);
        await auditLog.WriteAsync(
            new AuditEvent(HetznerModule.Id, AuditCodes.SnapshotDelete,
                $"Snapshot \"{snapshot.Description}\" ({snapshot.Id}) of {connection} deleted"
                + (alreadyGone ? " (it was already gone at Hetzner)." : ".")),
            CancellationToken.None);
        return new DeleteSnapshotResult(snapshot.Id, snapshot.Description, alreadyGone);
    }

    private static ProblemException NotThisServers(long id) => ProblemException.NotFound(
        $"Snapshot {id} is not one of this server's snapshots. Refresh the list if it was made just now.");
}
