using Microsoft.EntityFrameworkCore;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Data;

namespace Panel.Modules.Hetzner.Snapshots.Secrets;

/// <summary>The decrypted token and the server it belongs to. Not a record: a record's ToString would print the token.</summary>
internal sealed class HetznerConnection(string token, long serverId, string serverName)
{
    public string Token { get; } = token;

    public long ServerId { get; } = serverId;

    public string ServerName { get; } = serverName;

    public override string ToString() => $"server {ServerName} ({ServerId})";
}

/// <summary>Reads the stored connection for the module's services.</summary>
internal sealed class ConnectionReader(HetznerDbContext db, TokenVault vault)
{
    public const string NoTokenMessage = "No API token is saved. Save one on the Settings tab first.";
    public const string UnreadableTokenMessage =
        "The saved API token can no longer be decrypted (the panel's keys changed). Save the token again on the Settings tab.";

    public async Task<HetznerConnection?> GetAsync(CancellationToken cancellationToken)
    {
        var settings = await db.Settings.AsNoTracking().SingleAsync(s => s.Id == SettingsRecord.SingletonId, cancellationToken);
        if (settings.ProtectedToken is null || settings.ServerId is not { } serverId)
        {
            return null;
        }

        var token = vault.TryUnprotect(settings.ProtectedToken);
        return token is null ? null : new HetznerConnection(token, serverId, settings.ServerName ?? serverId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The connection, or a conflict that tells the admin what to do.</summary>
    public async Task<HetznerConnection> RequireAsync(CancellationToken cancellationToken)
    {
        var connection = await GetAsync(cancellationToken);
        if (connection is not null)
        {
            return connection;
        }

        throw ProblemException.Conflict(await MissingMessageAsync(cancellationToken));
    }

    /// <summary>Why <see cref="GetAsync"/> found no connection: none saved, or one the panel's keys no longer decrypt.</summary>
    public async Task<string> MissingMessageAsync(CancellationToken cancellationToken) =>
        await db.Settings.AnyAsync(s => s.ProtectedToken != null, cancellationToken) ? UnreadableTokenMessage : NoTokenMessage;
}
