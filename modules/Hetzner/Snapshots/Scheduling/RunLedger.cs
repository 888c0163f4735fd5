using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Panel.Modules.Hetzner.Data;

namespace Panel.Modules.Hetzner.Snapshots.Scheduling;

/// <summary>
/// Starts snapshot runs. Both manual and automatic runs go through here, under one lock and a check for a run
/// still in progress in the database, so two runs never overlap, not even across a restart.
/// </summary>
internal sealed class RunLedger(HetznerDbContext db, ModuleLocks locks, TimeProvider timeProvider)
{
    /// <summary>Runs requested or interrupted and not finished yet, oldest first (normally none or one).</summary>
    public Task<List<long>> GetActiveIdsAsync(CancellationToken cancellationToken) =>
        Active().Select(r => r.Id).ToListAsync(cancellationToken);

    public Task<SnapshotRunRecord?> GetActiveAsync(CancellationToken cancellationToken) =>
        Active().FirstOrDefaultAsync(cancellationToken);

    private IQueryable<SnapshotRunRecord> Active() =>
        db.Runs.AsNoTracking()
            .Where(r => r.Status == RunStatus.Pending || r.Status == RunStatus.Creating)
            .OrderBy(r => r.Id);

    /// <summary>Records a manual run, or returns null when another run is in progress.</summary>
    public async Task<SnapshotRunRecord?> TryRequestManualAsync(string description, CancellationToken cancellationToken)
    {
        await locks.Runs.WaitAsync(cancellationToken);
        try
        {
            if (await GetActiveAsync(cancellationToken) is not null)
            {
                return null;
            }

            var run = NewRun(RunKind.Manual, description);
            db.Runs.Add(run);
            await db.SaveChangesAsync(cancellationToken);
            return run;
        }
        finally
        {
            locks.Runs.Release();
        }
    }

    /// <summary>
    /// Records the automatic run when one is due and moves the due time to the next slot. Null when none is due,
    /// automatic snapshots are off, no token is saved, or a run is still in progress (it is handled first).
    /// </summary>
    public async Task<SnapshotRunRecord?> TryStartDueAutomaticAsync(CancellationToken cancellationToken)
    {
        await locks.Runs.WaitAsync(cancellationToken);
        try
        {
            var settings = await db.GetSettingsAsync(cancellationToken);
            var state = await db.GetStateAsync(cancellationToken);
            var now = timeProvider.GetUtcNow();
            if (!settings.AutomaticEnabled || settings.ProtectedToken is null || state.NextDueAt is not { } due || due > now
                || await GetActiveAsync(cancellationToken) is not null)
            {
                return null;
            }

            var name = settings.ServerName ?? settings.ServerId?.ToString(CultureInfo.InvariantCulture) ?? "server";
            var run = NewRun(RunKind.Automatic, AutomaticDescription(name, now));
            db.Runs.Add(run);
            state.NextDueAt = ScheduleClock.NextSlot(due, settings.FrequencyHours, now);
            await db.SaveChangesAsync(cancellationToken);
            return run;
        }
        finally
        {
            locks.Runs.Release();
        }
    }

    /// <summary>Like CloudPanel: the server's name and the UTC time, e.g. <c>web-1-2026-05-23T13:08:21Z</c>.</summary>
    public static string AutomaticDescription(string serverName, DateTimeOffset now) =>
        $"{serverName}-{now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}";

    private SnapshotRunRecord NewRun(RunKind kind, string description) => new()
    {
        Kind = kind,
        Status = RunStatus.Pending,
        Description = description,
        RequestKey = Guid.NewGuid().ToString("N"),
        RequestedAt = timeProvider.GetUtcNow(),
    };
}
