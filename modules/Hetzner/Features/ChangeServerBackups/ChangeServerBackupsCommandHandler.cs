using System.Globalization;
using MediatR;
using Panel.Contracts;
using Panel.Modules.Hetzner.Backups;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Integration;
using Panel.Modules.Hetzner.Snapshots.Secrets;
using Panel.Modules.Hetzner.Snapshots.Server;

namespace Panel.Modules.Hetzner.Features.ChangeServerBackups;

/// <summary>Only for the server the panel runs on, once the metadata service confirms it (as every change is). The
/// reading shown afterwards is taken from Hetzner after its action finished, so the tab never shows a state that is
/// not there.</summary>
internal sealed class ChangeServerBackupsCommandHandler(
    HetznerDbContext db,
    IHetznerApi api,
    ServerIdentity identity,
    ServerBackupsReader reader,
    IAuditLog auditLog) : IRequestHandler<ChangeServerBackupsCommand, ServerBackupsView>
{
    public async Task<ServerBackupsView> Handle(ChangeServerBackupsCommand request, CancellationToken cancellationToken)
    {
        var onOff = request.Enabled ? "on" : "off";
        var connection = await identity.RequireAsync($"switched {onOff}", cancellationToken);
        var before = ServerBackupsView.From(await db.GetStateAsync(cancellationToken));
        var changed = await api.ChangeServerBackupsAsync(connection.Token, connection.ServerId, request.Enabled, cancellationToken);
        if (!changed.IsSuccess)
        {
            throw Refusal(changed.Error!, onOff, connection);
        }

        // Once Hetzner accepted it, it is seen through and recorded even if the admin leaves the page.
        var done = await api.WaitForActionAsync(connection.Token, changed.Value!.Id, null, CancellationToken.None);
        if (!done.IsSuccess)
        {
            throw ProblemException.Upstream($"Hetzner did not finish switching Backups {onOff} for {connection}. {HetznerErrorText.Describe(done.Error!)}");
        }

        var read = await reader.RefreshAsync(connection, CancellationToken.None);
        var after = read.Value ?? ServerBackupsView.From(await db.GetStateAsync(CancellationToken.None)) with { Enabled = request.Enabled };
        await auditLog.WriteAsync(
            new AuditEvent(HetznerModule.Id, request.Enabled ? AuditCodes.BackupsEnable : AuditCodes.BackupsDisable, AuditText(request.Enabled, connection, before, after)),
            CancellationToken.None);
        return after;
    }

    /// <summary>One plain sentence per refusal; a server busy with another action is a conflict the admin can wait out.</summary>
    private static ProblemException Refusal(HetznerError error, string onOff, HetznerConnection connection) => error.Code switch
    {
        HetznerError.Locked => ProblemException.Conflict(
            $"Backups were not switched {onOff}: another action (a snapshot, for example) is still running on {connection} at Hetzner. Try again when it has finished."),
        HetznerError.NotFound => ProblemException.NotFound(
            $"Backups were not switched {onOff}: Hetzner no longer knows {connection}. Check the saved token and server on the Settings tab."),
        _ => ProblemException.Upstream($"Backups were not switched {onOff}. {HetznerErrorText.Describe(error)}"),
    };

    private static string AuditText(bool enabled, HetznerConnection connection, ServerBackupsView before, ServerBackupsView after)
    {
        if (!enabled)
        {
            var deleted = before.InUse is { } count ? $"Hetzner deleted its {count.ToString(CultureInfo.InvariantCulture)} backup(s) with it" : "Hetzner deleted its backups with it";
            return $"Hetzner Backups of {connection} switched off; {deleted}.";
        }

        var cost = after.MonthlyCost is { } monthly ? $", {monthly.ToString("0.00", CultureInfo.InvariantCulture)} {after.Currency} a month" : "";
        return $"Hetzner Backups of {connection} switched on (daily window {after.Window ?? "?"} UTC, {ServerBackupsView.DailySlots} slots{cost}).";
    }
}
