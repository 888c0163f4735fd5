using Microsoft.EntityFrameworkCore;
using Panel.Modules.Hetzner.Data;

namespace Panel.Modules.Hetzner.Snapshots;

/// <summary>One pass of the background loop: finish interrupted or requested runs, start the automatic run when
/// it is due, and refresh the mirror when it is stale. Returns when the loop has work next: the earlier of the next
/// automatic run and the next mirror refresh, or only a signal when neither is on the clock (no token, schedule off).</summary>
internal sealed class SnapshotScheduler(
    HetznerDbContext db,
    RunLedger ledger,
    SnapshotRunExecutor executor,
    SnapshotMirror mirror)
{
    public async Task<WakeUp> RunDueWorkAsync(CancellationToken cancellationToken)
    {
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

        return await NextWakeUpAsync(cancellationToken);
    }

    private async Task<WakeUp> NextWakeUpAsync(CancellationToken cancellationToken)
    {
        var settings = await db.Settings.AsNoTracking().SingleAsync(s => s.Id == SettingsRecord.SingletonId, cancellationToken);
        var state = await db.State.AsNoTracking().SingleAsync(s => s.Id == ModuleStateRecord.SingletonId, cancellationToken);
        var wake = WakeUp.OnSignal.NoLaterThan(await mirror.NextRefreshAsync(cancellationToken));
        // The same conditions as RunLedger.TryStartDueAutomaticAsync: a due time it would not act on is no reason to wake.
        return settings.AutomaticEnabled && settings.ProtectedToken is not null ? wake.NoLaterThan(state.NextDueAt) : wake;
    }
}
