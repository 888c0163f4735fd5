using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Integration;

namespace Panel.Modules.Hetzner.Snapshots;

/// <summary>
/// Keeps the local copy of this server's snapshots that the Snapshots tab renders from, so the tab never waits for
/// Hetzner. A failed refresh keeps the last good list and records the error beside its time.
/// </summary>
internal sealed partial class SnapshotMirror(
    HetznerDbContext db,
    IHetznerApi api,
    ConnectionReader connections,
    ModuleLocks locks,
    HetznerOptions options,
    TimeProvider timeProvider,
    ILogger<SnapshotMirror> logger)
{
    /// <summary>True when the next background refresh (see <see cref="NextRefreshAsync"/>) is due now.</summary>
    public async Task<bool> IsDueAsync(CancellationToken cancellationToken) =>
        await NextRefreshAsync(cancellationToken) is { } due && due <= timeProvider.GetUtcNow();

    /// <summary>When the next background refresh is due: one interval after the last attempt (successful or not), at
    /// once when there has been none. Null while no readable token is saved: there is nothing to refresh, and saving
    /// a token wakes the loop.</summary>
    public async Task<DateTimeOffset?> NextRefreshAsync(CancellationToken cancellationToken)
    {
        if (await connections.GetAsync(cancellationToken) is null)
        {
            return null;
        }

        var state = await db.GetStateAsync(cancellationToken);
        var lastAttempt = Max(state.MirrorRefreshedAt, state.MirrorErrorAt);
        return lastAttempt is null ? timeProvider.GetUtcNow() : lastAttempt.Value + options.MirrorRefreshInterval;
    }

    /// <summary>Replaces the mirror with Hetzner's list of this server's snapshots (all pages). False when it failed;
    /// the reason is then in the state row.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        await locks.Mirror.WaitAsync(cancellationToken);
        try
        {
            return await RefreshLockedAsync(cancellationToken);
        }
        finally
        {
            locks.Mirror.Release();
        }
    }

    private async Task<bool> RefreshLockedAsync(CancellationToken cancellationToken)
    {
        var connection = await connections.GetAsync(cancellationToken);
        if (connection is null)
        {
            // Nothing to refresh yet; the tab says that a token is missing, so this is not an error to record.
            return false;
        }

        var state = await db.GetStateAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();

        var listed = await api.ListSnapshotsAsync(connection.Token, null, cancellationToken);
        if (!listed.IsSuccess)
        {
            return await RecordFailureAsync(state, HetznerErrorText.Describe(listed.Error!), now, cancellationToken);
        }

        // This server's snapshots are the ones Hetzner says were made from it: a label can be copied or edited by
        // anyone, created_from cannot. Pages read while snapshots come and go can repeat an image; the last copy wins.
        var images = listed.Value!
            .Where(i => i.CreatedFromServerId == connection.ServerId)
            .GroupBy(i => i.Id)
            .ToDictionary(g => g.Key, g => g.Last());
        var existing = await db.Snapshots.ToDictionaryAsync(s => s.Id, cancellationToken);
        db.Snapshots.RemoveRange(existing.Values.Where(s => !images.ContainsKey(s.Id)));
        foreach (var image in images.Values)
        {
            if (!existing.TryGetValue(image.Id, out var record))
            {
                record = new SnapshotRecord { Id = image.Id };
                db.Snapshots.Add(record);
            }

            Copy(image, record);
        }

        state.MirrorRefreshedAt = now;
        state.MirrorError = null;
        state.MirrorErrorAt = null;
        await db.SaveChangesAsync(cancellationToken);
        await RefreshPriceAndServerAsync(connection, state, now, cancellationToken);
        return true;
    }

    /// <summary>Puts one image straight into the mirror, so a snapshot shows up before the next full refresh.</summary>
    public async Task UpsertAsync(HetznerImage image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var record = await db.Snapshots.FindAsync([image.Id], cancellationToken);
        if (record is null)
        {
            record = new SnapshotRecord { Id = image.Id };
            db.Snapshots.Add(record);
        }

        Copy(image, record);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RemoveAsync(long imageId, CancellationToken cancellationToken)
    {
        await db.Snapshots.Where(s => s.Id == imageId).ExecuteDeleteAsync(cancellationToken);
    }

    private static void Copy(HetznerImage image, SnapshotRecord record)
    {
        record.Description = image.Description;
        record.Status = image.Status;
        record.Created = image.Created;
        record.ImageSizeGb = image.ImageSizeGb;
        record.DiskSizeGb = image.DiskSizeGb;
        record.CreatedFromServerId = image.CreatedFromServerId;
        record.DeleteProtected = image.DeleteProtected;
        record.SetLabels(image.Labels);
    }

    /// <summary>The price and the server's disk size change rarely: read them at most once per cache period.
    /// Failures here only leave the summary's cost blank, so they are logged, not shown as refresh errors.</summary>
    private async Task RefreshPriceAndServerAsync(
        HetznerConnection connection, ModuleStateRecord state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (state.PriceFetchedAt is { } fetched && fetched + options.PriceCacheDuration > now)
        {
            return;
        }

        var price = await api.GetSnapshotPriceAsync(connection.Token, cancellationToken);
        if (price.IsSuccess)
        {
            state.PricePerGbMonth = price.Value!.PerGbMonthGross;
            state.PriceCurrency = price.Value.Currency;
            state.PriceFetchedAt = now;
        }
        else
        {
            LogPriceFailed(logger, price.Error!.Code);
        }

        var server = await api.GetServerAsync(connection.Token, connection.ServerId, cancellationToken);
        if (server.IsSuccess)
        {
            var settings = await db.GetSettingsAsync(cancellationToken);
            settings.ServerName = server.Value!.Name;
            settings.ServerDiskGb = server.Value.PrimaryDiskSizeGb;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<bool> RecordFailureAsync(
        ModuleStateRecord state, string message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        state.MirrorError = message;
        state.MirrorErrorAt = now;
        await db.SaveChangesAsync(cancellationToken);
        LogRefreshFailed(logger, message);
        return false;
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the Hetzner snapshot list failed: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading the Hetzner snapshot price failed ({Code}); the cost estimate stays as it was.")]
    private static partial void LogPriceFailed(ILogger logger, string code);
}
