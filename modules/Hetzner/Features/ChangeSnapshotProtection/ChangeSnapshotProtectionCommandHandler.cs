using MediatR;
using Panel.Contracts;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Integration;
using Panel.Modules.Hetzner.Snapshots.Mirror;
using Panel.Modules.Hetzner.Snapshots.Retention;
using Panel.Modules.Hetzner.Snapshots.Scheduling;
using Panel.Modules.Hetzner.Snapshots.Server;

namespace Panel.Modules.Hetzner.Features.ChangeSnapshotProtection;

/// <summary>Only snapshots in this server's mirror, like deletes: the panel does not change other servers' images.
/// The mirror is updated only after Hetzner's action succeeded, so the list never shows a protection that is not there.</summary>
internal sealed class ChangeSnapshotProtectionCommandHandler(
    HetznerDbContext db,
    IHetznerApi api,
    ServerIdentity identity,
    SnapshotMirror mirror,
    IAuditLog auditLog) : IRequestHandler<ChangeSnapshotProtectionCommand, ChangeSnapshotProtectionResult>
{
    public async Task<ChangeSnapshotProtectionResult> Handle(ChangeSnapshotProtectionCommand request, CancellationToken cancellationToken)
    {
        var connection = await identity.RequireAsync("changed", cancellationToken);
        // Held until the mirror is updated: a refresh in between could write back the protection as it was before.
        await using var writer = await mirror.AcquireAsync(cancellationToken);
        var snapshot = await db.Snapshots.FindAsync([request.Id], cancellationToken);
        if (snapshot is null || snapshot.CreatedFromServerId != connection.ServerId)
        {
            throw ProblemException.NotFound(
                $"Snapshot {request.Id} is not one of this server's snapshots. Refresh the list if it was made just now.");
        }

        var changed = await api.ChangeImageProtectionAsync(connection.Token, snapshot.Id, request.Delete, cancellationToken);
        if (!changed.IsSuccess)
        {
            if (changed.Error!.Code == HetznerError.NotFound)
            {
                await writer.RemoveAsync(snapshot.Id, cancellationToken);
                throw ProblemException.NotFound($"Snapshot “{snapshot.Description}” no longer exists at Hetzner; it was taken off the list.");
            }

            throw ProblemException.Upstream($"Delete protection was not changed. {HetznerErrorText.Describe(changed.Error)}");
        }

        // Once Hetzner accepted the change, it is seen through and recorded even if the admin leaves the page.
        var done = await api.WaitForActionAsync(connection.Token, changed.Value!.Id, null, CancellationToken.None);
        if (!done.IsSuccess)
        {
            throw ProblemException.Upstream($"Hetzner did not finish changing the delete protection. {HetznerErrorText.Describe(done.Error!)}");
        }

        snapshot.DeleteProtected = request.Delete;
        await db.SaveChangesAsync(CancellationToken.None);
        await auditLog.WriteAsync(
            new AuditEvent(HetznerModule.Id, AuditCodes.SnapshotProtection,
                $"Delete protection of snapshot \"{snapshot.Description}\" ({snapshot.Id}) of {connection} switched {(request.Delete ? "on: kept until it is switched off" : "off")}."),
            CancellationToken.None);
        return new ChangeSnapshotProtectionResult(snapshot.Id, snapshot.Description, request.Delete);
    }
}
