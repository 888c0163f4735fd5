using MediatR;
using Panel.Contracts;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Integration;
using Panel.Modules.Hetzner.Snapshots.Mirror;
using Panel.Modules.Hetzner.Snapshots.Scheduling;
using Panel.Modules.Hetzner.Snapshots.Secrets;
using Panel.Modules.Hetzner.Snapshots.Server;

namespace Panel.Modules.Hetzner.Features.SwitchServer;

/// <summary>
/// The way out of a moved panel that belongs to its new server: the metadata service must name the server the admin
/// agreed to, and the saved token must manage it with write access (the same checks as saving a token). Then the
/// settings point at it, and a schedule that is on resumes there at once with the slot that was held back.
/// </summary>
internal sealed class SwitchServerCommandHandler(
    HetznerDbContext db,
    IHetznerApi api,
    ConnectionReader connections,
    ServerIdentity identity,
    SnapshotMirror mirror,
    IAuditLog auditLog,
    WorkSignal signal,
    TimeProvider timeProvider) : IRequestHandler<SwitchServerCommand, SwitchServerResult>
{
    public async Task<SwitchServerResult> Handle(SwitchServerCommand request, CancellationToken cancellationToken)
    {
        var connection = await connections.RequireAsync(cancellationToken);
        var check = await identity.CheckAsync(cancellationToken);
        if (check.Status == ServerCheckStatus.Unreachable)
        {
            throw ProblemException.Upstream(
                $"Nothing was changed: the metadata service did not answer ({check.Error}), so the panel cannot tell which server it runs on. Try again in a moment.");
        }

        if (check.CurrentServerId != request.ServerId)
        {
            throw ProblemException.Conflict(
                $"Nothing was changed: the panel runs on server {check.CurrentServerId}, not on server {request.ServerId}. Reload the page to see the server it runs on now.");
        }

        if (check.Status == ServerCheckStatus.Confirmed)
        {
            return new SwitchServerResult(connection.ServerId, connection.ServerName, connection.ServerId, connection.ServerName, Changed: false);
        }

        var (server, refusal) = await TokenAccess.CheckAsync(api, connection.Token, request.ServerId, cancellationToken);
        if (refusal is not null)
        {
            throw ProblemException.Conflict(
                $"Nothing was changed: the saved token cannot manage server {request.ServerId}. {refusal} "
                + "Save a token of that server's project on the Settings tab instead; saving it switches the panel to this server too.");
        }

        // Held like a token save: a refresh of the old server's list still running must not mark it fresh after the
        // switch asked for the new server's list.
        await using (await mirror.AcquireAsync(cancellationToken))
        {
            await ServerBinding.BindAsync(db, server!, timeProvider.GetUtcNow(), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        identity.Confirm(server!.Id, server.Name);
        var settings = await db.GetSettingsAsync(cancellationToken);
        await auditLog.WriteAsync(
            new AuditEvent(HetznerModule.Id, AuditCodes.ServerSwitch,
                $"Switched from server {connection} to server {server.Name} ({server.Id}); the saved token was checked against it. "
                + (settings.AutomaticEnabled ? "Automatic snapshots resume on this server." : "Automatic snapshots are off.")),
            cancellationToken);
        signal.Notify();
        return new SwitchServerResult(connection.ServerId, connection.ServerName, server.Id, server.Name, Changed: true);
    }
}
