using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Integration;

namespace Panel.Modules.Hetzner.Snapshots.Server;

/// <summary>Points the settings at the server a token was checked against (saving a token, switching servers).</summary>
internal static class ServerBinding
{
    /// <summary>Changes the tracked settings and state rows; the caller saves. The mirror and the price are marked stale,
    /// so the next loop pass reads that server's list and price.</summary>
    public static async Task BindAsync(HetznerDbContext db, HetznerServer server, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(server);
        var settings = await db.GetSettingsAsync(cancellationToken);
        settings.ServerId = server.Id;
        settings.ServerName = server.Name;
        settings.ServerDiskGb = server.PrimaryDiskSizeGb;
        settings.UpdatedAt = now;

        var state = await db.GetStateAsync(cancellationToken);
        state.MirrorRefreshedAt = null;
        state.MirrorErrorAt = null;
        state.PriceFetchedAt = null;
        // Another server's Backups are not this one's.
        state.BackupsCheckedAt = null;
    }
}
