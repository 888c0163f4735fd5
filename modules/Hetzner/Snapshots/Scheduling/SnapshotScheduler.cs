using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Panel.Contracts;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Snapshots.Mirror;
using Panel.Modules.Hetzner.Snapshots.Server;

namespace Panel.Modules.Hetzner.Snapshots.Scheduling;

/// <summary>One pass of the background loop: finish interrupted or requested runs, start the automatic run when
/// it is due, and refresh the mirror when it is stale. Returns when the loop has work next: the earlier of the next
/// automatic run, the next mirror refresh and the next check of a silent metadata service, or only a signal when none
/// is on the clock (no token, schedule off, or paused on a moved server).</summary>
internal sealed partial class SnapshotScheduler(
    HetznerDbContext db,
    RunLedger ledger,
    SnapshotRunExecutor executor,
    SnapshotMirror mirror,
    ServerIdentity identity,
    IAuditLog auditLog,
    IAdminNotifier notifier,
    TimeProvider timeProvider,
    ILogger<SnapshotScheduler> logger)
{
    /// <summary>A metadata service silent this long while a snapshot is due is an outage, not a blip.</summary>
    private static readonly TimeSpan OutagePatience = TimeSpan.FromMinutes(15);

    public async Task<WakeUp> RunDueWorkAsync(CancellationToken cancellationToken)
    {
        // Every start asks which server the panel runs on, so a moved panel says so before anything is due; a silent
        // metadata service is asked again at its retry time.
        ServerCheck? fresh = null;
        if (identity.Current.Status == ServerCheckStatus.NotChecked || identity.RetryAt <= timeProvider.GetUtcNow())
        {
            fresh = await identity.CheckAsync(cancellationToken);
        }

        // An interrupted prune is finished only on the saved server: a moved panel deletes nothing (ADR-0012, ADR-0013).
        if (identity.Current.Status == ServerCheckStatus.Confirmed)
        {
            await executor.ResumeInterruptedPrunesAsync(cancellationToken);
        }

        foreach (var runId in await ledger.GetActiveIdsAsync(cancellationToken))
        {
            await executor.ExecuteAsync(runId, cancellationToken);
        }

        // While the server is not confirmed the schedule is paused and the slot stays due, so a switch to this server
        // (or the metadata service answering with the saved server again) makes the one catch-up run at once.
        if (await IsAutomaticDueAsync(cancellationToken) && !await HoldsBackAutomaticAsync(fresh, cancellationToken)
            && await ledger.TryStartDueAutomaticAsync(cancellationToken) is { } automatic)
        {
            await executor.ExecuteAsync(automatic.Id, cancellationToken);
        }

        if (await mirror.IsDueAsync(cancellationToken))
        {
            await mirror.RefreshInBackgroundAsync(cancellationToken);
        }

        return await NextWakeUpAsync(cancellationToken);
    }

    private async Task<bool> IsAutomaticDueAsync(CancellationToken cancellationToken)
    {
        var (settings, state) = await ReadAsync(cancellationToken);
        return settings.AutomaticEnabled && settings.ProtectedToken is not null
            && state.NextDueAt is { } due && due <= timeProvider.GetUtcNow();
    }

    /// <summary>True when the due automatic run may not start: the panel runs on another server than the saved one,
    /// or the metadata service did not answer (then it is asked again at <see cref="ServerIdentity.RetryAt"/>). A check
    /// made earlier in this pass is reused; the run asks again anyway right before it creates.</summary>
    private async Task<bool> HoldsBackAutomaticAsync(ServerCheck? fresh, CancellationToken cancellationToken)
    {
        var check = fresh ?? await identity.CheckAsync(cancellationToken);
        if (check.AllowsChanges)
        {
            return false;
        }

        LogHeldBack(logger, check.SavedServer, check.Reason ?? check.Status.ToString());
        if (check.Status == ServerCheckStatus.Unreachable && identity.ClaimOutageReport(OutagePatience))
        {
            var text = $"Automatic snapshots of server {check.SavedServer} are waiting: {check.Reason}";
            await auditLog.WriteAsync(new AuditEvent(HetznerModule.Id, AuditCodes.ServerUnconfirmed, text), cancellationToken);
            await notifier.RaiseAsync(
                new AdminNotification(HetznerModule.Id, NotificationSeverity.Critical, "Automatic snapshots are waiting", text),
                cancellationToken);
        }

        return true;
    }

    private async Task<(SettingsRecord Settings, ModuleStateRecord State)> ReadAsync(CancellationToken cancellationToken) =>
        (await db.Settings.AsNoTracking().SingleAsync(s => s.Id == SettingsRecord.SingletonId, cancellationToken),
         await db.State.AsNoTracking().SingleAsync(s => s.Id == ModuleStateRecord.SingletonId, cancellationToken));

    private async Task<WakeUp> NextWakeUpAsync(CancellationToken cancellationToken)
    {
        var (settings, state) = await ReadAsync(cancellationToken);
        var wake = WakeUp.OnSignal.NoLaterThan(await mirror.NextRefreshAsync(cancellationToken));
        // The same conditions as RunLedger.TryStartDueAutomaticAsync: a due time it would not act on is no reason to
        // wake. Nor is a slot held back: a switch to this server signals the loop, and a silent metadata service is
        // asked again at its retry time.
        var held = identity.Current.Status is ServerCheckStatus.Moved or ServerCheckStatus.Unreachable;
        if (settings.AutomaticEnabled && settings.ProtectedToken is not null && state.NextDueAt is { } due
            && !(held && due <= timeProvider.GetUtcNow()))
        {
            wake = wake.NoLaterThan(due);
        }

        return wake.NoLaterThan(identity.RetryAt);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The automatic snapshot of server {SavedServer} is held back: {Reason}")]
    private static partial void LogHeldBack(ILogger logger, string savedServer, string reason);
}
