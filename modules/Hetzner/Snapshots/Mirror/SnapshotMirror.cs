using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Integration;
using Panel.Modules.Hetzner.Snapshots.Scheduling;
using Panel.Modules.Hetzner.Snapshots.Secrets;

namespace Panel.Modules.Hetzner.Snapshots.Mirror;

/// <summary>
/// Keeps the local copy of this server's snapshots that the Snapshots tab renders from, so the tab never waits for
/// Hetzner. A failed refresh keeps the last good list and records the error beside its time.
/// </summary>
internal sealed partial class SnapshotMirror(
    HetznerDbContext db,
    DbContextOptions<HetznerDbContext> dbOptions,
    IHetznerApi api,
    ConnectionReader connections,
    ModuleLocks locks,
    MirrorCadence cadence,
    Backups.ServerBackupsReader backups,
    PricingCache pricing,
    IOptions<HetznerOptions> options,
    TimeProvider timeProvider,
    ILogger<SnapshotMirror> logger)
{
    /// <summary>True when the next background refresh (see <see cref="NextRefreshAsync"/>) is due now.</summary>
    public async Task<bool> IsDueAsync(CancellationToken cancellationToken) =>
        await NextRefreshAsync(cancellationToken) is { } due && due <= timeProvider.GetUtcNow();

    /// <summary>When the next background refresh is due: one interval after the last attempt (successful or not), at
    /// once when there has been none or a view asked for a catch-up (<see cref="MirrorCadence"/>). Null while no
    /// readable token is saved: there is nothing to refresh, and saving a token wakes the loop.</summary>
    public async Task<DateTimeOffset?> NextRefreshAsync(CancellationToken cancellationToken)
    {
        if (await connections.GetAsync(cancellationToken) is null)
        {
            return null;
        }

        var state = await db.State.AsNoTracking().SingleAsync(s => s.Id == ModuleStateRecord.SingletonId, cancellationToken);
        var lastAttempt = Max(state.MirrorRefreshedAt, state.MirrorErrorAt);
        return lastAttempt is null || cadence.CatchUpPending
            ? timeProvider.GetUtcNow()
            : lastAttempt.Value + options.Value.MirrorRefreshInterval;
    }

    /// <summary>The background refresh: all pages or only the newest one, as <see cref="MirrorCadence"/> decides.</summary>
    public async Task<bool> RefreshInBackgroundAsync(CancellationToken cancellationToken)
    {
        await using var writer = await AcquireAsync(cancellationToken);
        return cadence.FullReadDue()
            ? await writer.RefreshAsync(cancellationToken)
            : await RefreshCoreAsync(newestOnly: true, cancellationToken);
    }

    /// <summary>
    /// Takes the mirror for the caller alone until the writer is disposed. Every change to the mirror goes through a
    /// writer, and a caller that changes snapshots at Hetzner (prune, delete) holds it across the change too: a
    /// refresh that pages through the list while snapshots are deleted would skip the ones that moved up a page.
    /// </summary>
    public async Task<Writer> AcquireAsync(CancellationToken cancellationToken)
    {
        await locks.Mirror.WaitAsync(cancellationToken);
        return new Writer(this);
    }

    /// <summary>Replaces the mirror with Hetzner's list of this server's snapshots (all pages). False when it failed;
    /// the reason is then in the state row.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        await using var writer = await AcquireAsync(cancellationToken);
        return await writer.RefreshAsync(cancellationToken);
    }

    /// <summary>Puts one image straight into the mirror, so a snapshot shows up before the next full refresh.</summary>
    public async Task UpsertAsync(HetznerImage image, CancellationToken cancellationToken)
    {
        await using var writer = await AcquireAsync(cancellationToken);
        await writer.UpsertAsync(image, cancellationToken);
    }

    public async Task RemoveAsync(long imageId, CancellationToken cancellationToken)
    {
        await using var writer = await AcquireAsync(cancellationToken);
        await writer.RemoveAsync(imageId, cancellationToken);
    }

    /// <summary>Each write works in a context of its own: the caller's context may still track rows another writer
    /// has replaced or removed since, and re-adding one of those is what threw "another instance with the same key".</summary>
    private HetznerDbContext NewContext() => new(dbOptions);

    private void Release() => locks.Mirror.Release();

    /// <param name="newestOnly">Read only the newest page: it holds every snapshot made since its oldest one, so new
    /// snapshots and deletions among those show; older ones are left as they are until the next full read.</param>
    /// <param name="cancellationToken">Stops the read; the mirror is then left as it was.</param>
    private async Task<bool> RefreshCoreAsync(bool newestOnly, CancellationToken cancellationToken)
    {
        var connection = await connections.GetAsync(cancellationToken);
        if (connection is null)
        {
            // Nothing to refresh yet; the tab says that a token is missing, so this is not an error to record.
            return false;
        }

        await using var context = NewContext();
        var state = await context.GetStateAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();

        if (!newestOnly)
        {
            cadence.FullReadStarted();
        }

        var listed = newestOnly
            ? await api.ListNewestSnapshotsAsync(connection.Token, cancellationToken)
            : (await api.ListSnapshotsAsync(connection.Token, null, cancellationToken)).Map(all => new SnapshotPage(all, Complete: true));
        if (!listed.IsSuccess)
        {
            return await RecordFailureAsync(context, state, HetznerErrorText.Describe(listed.Error!), now, cancellationToken);
        }

        // This server's snapshots are the ones Hetzner says were made from it: a label can be copied or edited by
        // anyone, created_from cannot. Pages read while snapshots come and go can repeat an image; the last copy wins.
        var page = listed.Value!;
        var images = page.Images
            .Where(i => i.CreatedFromServerId == connection.ServerId)
            .GroupBy(i => i.Id)
            .ToDictionary(g => g.Key, g => g.Last());
        // A page that is not the last one covers the snapshots created after its oldest one (every server's, newest
        // first); one created at that same instant may be on the next page, so only later ones count as gone.
        var coveredAfter = page.Complete || page.Images.Count == 0 ? DateTimeOffset.MinValue : page.Images.Min(i => i.Created);
        var existing = await context.Snapshots.ToDictionaryAsync(s => s.Id, cancellationToken);
        context.Snapshots.RemoveRange(existing.Values.Where(s =>
            !images.ContainsKey(s.Id) && (page.Complete || s.Created > coveredAfter)));
        foreach (var image in images.Values)
        {
            if (!existing.TryGetValue(image.Id, out var record))
            {
                record = new SnapshotRecord { Id = image.Id };
                context.Snapshots.Add(record);
            }

            Copy(image, record);
        }

        state.MirrorRefreshedAt = now;
        state.MirrorError = null;
        state.MirrorErrorAt = null;
        await context.SaveChangesAsync(cancellationToken);
        if (page.Complete)
        {
            cadence.FullReadDone(now);
        }

        await RefreshPriceAndServerAsync(context, connection, state, now, cancellationToken);
        return true;
    }

    private async Task UpsertCoreAsync(HetznerImage image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        await using var context = NewContext();
        var record = await context.Snapshots.FindAsync([image.Id], cancellationToken);
        if (record is null)
        {
            record = new SnapshotRecord { Id = image.Id };
            context.Snapshots.Add(record);
        }

        Copy(image, record);
        await context.SaveChangesAsync(cancellationToken);
    }

    private async Task RemoveCoreAsync(long imageId, CancellationToken cancellationToken)
    {
        await using var context = NewContext();
        await context.Snapshots.Where(s => s.Id == imageId).ExecuteDeleteAsync(cancellationToken);
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

    /// <summary>The price, the server's disk size and its Backups change rarely: read them at most once per cache period.
    /// Failures here only leave the summary's cost blank, so they are logged, not shown as refresh errors.</summary>
    private async Task RefreshPriceAndServerAsync(
        HetznerDbContext context,
        HetznerConnection connection, ModuleStateRecord state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (state.PriceFetchedAt is { } fetched && fetched + options.Value.PriceCacheDuration > now)
        {
            return;
        }

        // The same price list the Backups reading below takes its cost from: one /pricing request for both.
        var list = await pricing.GetAsync(api, connection.Token, cancellationToken);
        if (list.Value?.Snapshot is { } price)
        {
            state.PricePerGbMonth = price.PerGbMonthGross;
            state.PriceCurrency = price.Currency;
            state.PriceFetchedAt = now;
        }
        else
        {
            LogPriceFailed(logger, list.Error?.Code ?? HetznerError.InvalidResponse);
        }

        var server = await api.GetServerAsync(connection.Token, connection.ServerId, cancellationToken);
        if (server.IsSuccess)
        {
            var settings = await context.GetSettingsAsync(cancellationToken);
            settings.ServerName = server.Value!.Name;
            settings.ServerDiskGb = server.Value.PrimaryDiskSizeGb;
            // The server's Hetzner Backups (switched in the console too) are read with it, as rarely.
            if ((await backups.ReadAsync(connection.Token, server.Value, cancellationToken)).Value is { } reading)
            {
                reading.ApplyTo(state, now);
            }
        }

        await context.SaveChangesAsync(cancellationToken);
    }

    private async Task<bool> RecordFailureAsync(
        HetznerDbContext context,
        ModuleStateRecord state, string message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        state.MirrorError = message;
        state.MirrorErrorAt = now;
        await context.SaveChangesAsync(cancellationToken);
        LogRefreshFailed(logger, message);
        return false;
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a > b ? a : b;

    /// <summary>The mirror held for one caller; disposing it lets the next writer in.</summary>
    internal sealed class Writer(SnapshotMirror mirror) : IAsyncDisposable
    {
        private int _released;

        /// <summary>Reads all pages.</summary>
        public Task<bool> RefreshAsync(CancellationToken cancellationToken) => mirror.RefreshCoreAsync(newestOnly: false, cancellationToken);

        public Task UpsertAsync(HetznerImage image, CancellationToken cancellationToken) => mirror.UpsertCoreAsync(image, cancellationToken);

        public Task RemoveAsync(long imageId, CancellationToken cancellationToken) => mirror.RemoveCoreAsync(imageId, cancellationToken);

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                mirror.Release();
            }

            return ValueTask.CompletedTask;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the Hetzner snapshot list failed: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading the Hetzner snapshot price failed ({Code}); the cost estimate stays as it was.")]
    private static partial void LogPriceFailed(ILogger logger, string code);
}
