using Microsoft.EntityFrameworkCore;
using Panel.Modules.Hetzner.Data;

namespace Panel.Modules.Hetzner.Snapshots;

/// <summary>One pass of the background loop: finish interrupted or requested runs, start the automatic run when
/// it is due, and refresh the mirror when it is stale. Returns how long the loop may sleep.</summary>
internal sealed class SnapshotScheduler(
    HetznerDbContext db,
    RunLedger ledger,
    SnapshotRunExecutor executor,
    SnapshotMirror mirror,
    HetznerOptions options,
    TimeProvider timeProvider)
{
    private static readonly TimeSpan MinimumSleep = TimeSpan.FromSeconds(1);

    public async Task<TimeSpan> RunDueWorkAsync(CancellationToken cancellationToken)
    {
        await executor.ResumeInterruptedPrunesAsync(cancellationToken);
        foreach (var runId in await ledger.GetActiveIdsAsync(cancellationToken))
        {
            await executor.ExecuteAsync(runId, cancellationToken);
        }

        if (await ledger.TryStartDueAutomaticAsync(cancellationToken) is { } automatic)
        {
            await executor.ExecuteAsync(automatic.Id, cancellationToken);
        }

        if (await mirror.IsDueAsync(cancellationToken))
        {
            await mirror.RefreshAsync(cancellationToken);
        }

        return await SleepAsync(cancellationToken);
    }

    private async Task<TimeSpan> SleepAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var settings = await db.Settings.AsNoTracking().SingleAsync(s => s.Id == SettingsRecord.SingletonId, cancellationToken);
        var state = await db.State.AsNoTracking().SingleAsync(s => s.Id == ModuleStateRecord.SingletonId, cancellationToken);
        var wakeAt = await mirror.NextRefreshAsync(cancellationToken);
        if (settings.AutomaticEnabled && state.NextDueAt is { } due && due < wakeAt)
        {
            wakeAt = due;
        }

        var sleep = wakeAt - now;
        return sleep < MinimumSleep ? MinimumSleep : sleep > options.MirrorRefreshInterval ? options.MirrorRefreshInterval : sleep;
    }
}
