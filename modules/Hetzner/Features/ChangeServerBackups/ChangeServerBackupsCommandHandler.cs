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
/// not there. Off deletes Hetzner's backups, so it is audited like a rebuild: the backups are counted at Hetzner and the
/// request written to the trail before <c>disable_backup</c> goes out, and the outcome (or the error) after it.</summary>
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
        int? deletes = request.Enabled ? null : await CountBackupsAsync(request, connection, cancellationToken);
        if (deletes is { } count)
        {
            await auditLog.WriteAsync(
                new AuditEvent(HetznerModule.Id, AuditCodes.BackupsDisableRequest, $"Switching Hetzner Backups of {connection} off requested; {Deleted("deletes", count)}."),
                cancellationToken);
        }

        // A switch-off on the trail is sent and its outcome recorded even if the admin leaves the page now.
        var send = deletes is null ? cancellationToken : CancellationToken.None;
        var changed = await api.ChangeServerBackupsAsync(connection.Token, connection.ServerId, request.Enabled, send);
        if (!changed.IsSuccess)
        {
            throw await FailedAsync(Refusal(changed.Error!, onOff, connection), request.Enabled, connection);
        }

        // Once Hetzner accepted it, it is seen through and recorded even if the admin leaves the page.
        var done = await api.WaitForActionAsync(connection.Token, changed.Value!.Id, null, CancellationToken.None);
        if (!done.IsSuccess)
        {
            throw await FailedAsync(
                ProblemException.Upstream($"Hetzner did not finish switching Backups {onOff} for {connection}. {HetznerErrorText.Describe(done.Error!)}"),
                request.Enabled, connection);
        }

        var read = await reader.RefreshAsync(connection, CancellationToken.None);
        var after = read.Value ?? ServerBackupsView.From(await db.GetStateAsync(CancellationToken.None)) with { Enabled = request.Enabled };
        var text = deletes is { } deleted
            ? $"Hetzner Backups of {connection} switched off; {Deleted("deleted", deleted)}."
            : EnabledText(connection, after);
        await auditLog.WriteAsync(
            new AuditEvent(HetznerModule.Id, request.Enabled ? AuditCodes.BackupsEnable : AuditCodes.BackupsDisable, text), CancellationToken.None);
        return after;
    }

    /// <summary>The backups Hetzner holds now: the last daily reading may be a day old, and every one of them goes.
    /// More than the admin confirmed stops the switch before anything is sent.</summary>
    private async Task<int> CountBackupsAsync(ChangeServerBackupsCommand request, HetznerConnection connection, CancellationToken cancellationToken)
    {
        var backups = await api.ListBackupsAsync(connection.Token, connection.ServerId, cancellationToken);
        if (backups.Value is not { } list)
        {
            throw ProblemException.Upstream(
                $"Backups were not switched off: the backups Hetzner holds of {connection} could not be counted first. {HetznerErrorText.Describe(backups.Error!)}");
        }

        if (request.ConfirmedBackups is { } confirmed && list.Count > confirmed)
        {
            throw new ValidationException(nameof(request.ConfirmedBackups), ConfirmAgain(list.Count, confirmed));
        }

        return list.Count;
    }

    /// <summary>A switch off that Hetzner refused or did not finish is on the trail beside its request.</summary>
    private async Task<ProblemException> FailedAsync(ProblemException error, bool enabled, HetznerConnection connection)
    {
        if (!enabled)
        {
            await auditLog.WriteAsync(
                new AuditEvent(HetznerModule.Id, AuditCodes.BackupsDisableFailed, $"Switching Hetzner Backups of {connection} off failed. {error.Message}"),
                CancellationToken.None);
        }

        return error;
    }

    private static string ConfirmAgain(int count, int confirmed) =>
        $"Hetzner now holds {Plural(count)} of the server, not the {Plural(confirmed)} you confirmed: nothing was switched off. Confirm again to delete all {count.ToString(CultureInfo.InvariantCulture)}.";

    private static string Plural(int count) => count == 1 ? "1 backup" : $"{count.ToString(CultureInfo.InvariantCulture)} backups";

    private static string Deleted(string verb, int count) =>
        $"Hetzner {verb} its {count.ToString(CultureInfo.InvariantCulture)} backup(s) with it";

    /// <summary>One plain sentence per refusal; a server busy with another action is a conflict the admin can wait out.</summary>
    private static ProblemException Refusal(HetznerError error, string onOff, HetznerConnection connection) => error.Code switch
    {
        HetznerError.Locked => ProblemException.Conflict(
            $"Backups were not switched {onOff}: another action (a snapshot, for example) is still running on {connection} at Hetzner. Try again when it has finished."),
        HetznerError.NotFound => ProblemException.NotFound(
            $"Backups were not switched {onOff}: Hetzner no longer knows {connection}. Check the saved token and server on the Settings tab."),
        _ => ProblemException.Upstream($"Backups were not switched {onOff}. {HetznerErrorText.Describe(error)}"),
    };

    private static string EnabledText(HetznerConnection connection, ServerBackupsView after)
    {
        var cost = after.MonthlyCost is { } monthly ? $", {monthly.ToString("0.00", CultureInfo.InvariantCulture)} {after.Currency} a month" : "";
        return $"Hetzner Backups of {connection} switched on (daily window {after.Window ?? "?"} UTC, {ServerBackupsView.DailySlots} slots{cost}).";
    }
}
