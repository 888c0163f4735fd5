using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Integration;
using Panel.Modules.Hetzner.Snapshots.Secrets;

namespace Panel.Modules.Hetzner.Backups;

/// <summary>The server's Hetzner Backups as last read: on or off, the window, the slots in use and what they cost.</summary>
/// <param name="Enabled">On or off at the last reading; null when they have not been read yet (no token, or a server
/// switched to just now).</param>
/// <param name="Window">Hetzner's daily window in UTC hours (<c>"22-02"</c>); null while off.</param>
/// <param name="Slots">Backups Hetzner keeps: the last 7 daily ones; the oldest goes when a new one is taken.</param>
/// <param name="InUse">Backups that exist now.</param>
/// <param name="NewestBackupAt">When the newest backup was taken.</param>
/// <param name="OldestBackupAt">When the oldest backup was taken.</param>
/// <param name="MonthlyCost">What Backups cost a month (gross): the server's price times <paramref name="Percentage"/>;
/// null when the price could not be read.</param>
/// <param name="ServerMonthlyPrice">The server's own monthly price (gross) from Hetzner's price list.</param>
/// <param name="Percentage">Hetzner's backup surcharge in percent of the server price (20).</param>
/// <param name="Currency">The project's currency.</param>
/// <param name="CheckedAt">When Hetzner was asked.</param>
internal sealed record ServerBackupsView(
    bool? Enabled,
    string? Window,
    int Slots,
    int? InUse,
    DateTimeOffset? NewestBackupAt,
    DateTimeOffset? OldestBackupAt,
    decimal? MonthlyCost,
    decimal? ServerMonthlyPrice,
    decimal? Percentage,
    string? Currency,
    DateTimeOffset? CheckedAt)
{
    /// <summary>Hetzner keeps the last seven daily backups of a server.</summary>
    public const int DailySlots = 7;

    public static ServerBackupsView From(ModuleStateRecord state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.BackupsCheckedAt is not { } checkedAt)
        {
            return new ServerBackupsView(null, null, DailySlots, null, null, null, null, null, null, null, null);
        }

        var cost = state.BackupServerMonthlyPrice is { } price && state.BackupPercentage is { } percentage
            ? Math.Round(price * percentage / 100m, 2)
            : (decimal?)null;
        return new ServerBackupsView(state.BackupWindow is not null, state.BackupWindow, DailySlots, state.BackupCount, state.NewestBackupAt,
            state.OldestBackupAt, cost, state.BackupServerMonthlyPrice, state.BackupPercentage, state.BackupPriceCurrency, checkedAt);
    }
}

/// <summary>One reading of a server's Backups from Hetzner.</summary>
internal sealed record ServerBackupsReading(string? Window, IReadOnlyList<HetznerImage> Backups, BackupPrice? Price)
{
    /// <summary>Records the reading in the state row (the caller saves). A price that could not be read keeps the last one.</summary>
    public void ApplyTo(ModuleStateRecord state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        state.BackupsCheckedAt = now;
        state.BackupWindow = Window;
        state.BackupCount = Backups.Count;
        state.NewestBackupAt = Backups.Count > 0 ? Backups.Max(b => b.Created) : null;
        state.OldestBackupAt = Backups.Count > 0 ? Backups.Min(b => b.Created) : null;
        if (Price is { } price)
        {
            state.BackupServerMonthlyPrice = price.ServerMonthlyGross;
            state.BackupPercentage = price.Percentage;
            state.BackupPriceCurrency = price.Currency;
        }
    }
}

/// <summary>Reads a server's Backups: the window from the server, the backups bound to it, and the price from the
/// shared price list (two requests, and <c>/pricing</c> when the <see cref="PricingCache"/> has no fresh copy; the price
/// is optional, its failure only leaves the cost blank).</summary>
internal sealed class ServerBackupsReader(HetznerDbContext db, IHetznerApi api, PricingCache pricing, TimeProvider timeProvider)
{
    /// <summary>Reads the connection's server now and records the reading; on failure the last reading stays.</summary>
    public async Task<HetznerResult<ServerBackupsView>> RefreshAsync(HetznerConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var server = await api.GetServerAsync(connection.Token, connection.ServerId, cancellationToken);
        var reading = server.IsSuccess
            ? await ReadAsync(connection.Token, server.Value!, cancellationToken)
            : HetznerResult<ServerBackupsReading>.Fail(server.Error!);
        if (!reading.IsSuccess)
        {
            return HetznerResult<ServerBackupsView>.Fail(reading.Error!);
        }

        var state = await db.GetStateAsync(cancellationToken);
        reading.Value!.ApplyTo(state, timeProvider.GetUtcNow());
        await db.SaveChangesAsync(CancellationToken.None);
        return HetznerResult<ServerBackupsView>.Ok(ServerBackupsView.From(state));
    }

    /// <summary>For a server just read.</summary>
    public async Task<HetznerResult<ServerBackupsReading>> ReadAsync(string token, HetznerServer server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var backups = await api.ListBackupsAsync(token, server.Id, cancellationToken);
        if (!backups.IsSuccess)
        {
            return HetznerResult<ServerBackupsReading>.Fail(backups.Error!);
        }

        BackupPrice? price = null;
        if (server is { ServerType: { } type, Location: { } location })
        {
            price = (await pricing.GetAsync(api, token, cancellationToken)).Value?.Backup(type, location);
        }

        return HetznerResult<ServerBackupsReading>.Ok(new ServerBackupsReading(server.BackupWindow, backups.Value!, price));
    }
}
