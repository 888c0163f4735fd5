using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Panel.Contracts;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Integration;
using Panel.Modules.Hetzner.Snapshots.Mirror;
using Panel.Modules.Hetzner.Snapshots.Retention;
using Panel.Modules.Hetzner.Snapshots.Secrets;
using Panel.Modules.Hetzner.Snapshots.Server;

namespace Panel.Modules.Hetzner.Snapshots.Scheduling;

/// <summary>
/// Carries one run from requested to finished: create (or find again), wait for Hetzner's action, record the
/// outcome, and for an automatic run prune afterwards. Every step is persisted before the next, so a run
/// interrupted by a restart is resumed where it stopped and never creates a second snapshot.
/// </summary>
internal sealed partial class SnapshotRunExecutor(
    HetznerDbContext db,
    IHetznerApi api,
    ConnectionReader connections,
    ServerIdentity identity,
    SnapshotMirror mirror,
    SnapshotPruner pruner,
    PruneFailureAlert failureAlert,
    RunProgress progress,
    PruneJournalCheck journalCheck,
    IAuditLog auditLog,
    IAdminNotifier notifier,
    IOptions<HetznerOptions> options,
    TimeProvider timeProvider,
    ILogger<SnapshotRunExecutor> logger)
{
    public async Task ExecuteAsync(long runId, CancellationToken cancellationToken)
    {
        var run = await db.Runs.SingleAsync(r => r.Id == runId, cancellationToken);
        if (!run.IsActive)
        {
            return;
        }

        var connection = await connections.GetAsync(cancellationToken);
        if (connection is null)
        {
            await FailAsync(run, await connections.MissingMessageAsync(cancellationToken), cancellationToken);
            return;
        }

        // Right before acting, the panel asks which server it runs on: a copied data folder must never make or follow
        // up the old server's snapshots. A silent metadata service leaves the run waiting; the loop asks again later.
        var check = await identity.CheckAsync(cancellationToken);
        if (check.Status == ServerCheckStatus.Unreachable)
        {
            return;
        }

        if (!check.AllowsChanges)
        {
            var reason = run.ImageId is { } made
                ? $"Snapshot {made} (requested before the panel moved) was not followed up: {check.Reason}"
                : check.Refusal("created") ?? ConnectionReader.NoTokenMessage;
            // The move itself was announced with a Critical notification; one per refused run would only bury it.
            await FailAsync(run, reason, cancellationToken, notify: false);
            return;
        }

        if (run.ImageId is null && !await StartAsync(run, connection, cancellationToken))
        {
            return;
        }

        var outcome = await WaitAsync(run, connection, cancellationToken);
        if (outcome is not null)
        {
            await FailAsync(run, outcome, cancellationToken);
            return;
        }

        await SucceedAsync(run, connection, cancellationToken);
    }

    /// <summary>Sends the create, unless an earlier attempt of this run already made the snapshot (its answer lost
    /// or the panel stopped before saving it): that one is found by the run's label and adopted.</summary>
    private async Task<bool> StartAsync(SnapshotRunRecord run, HetznerConnection connection, CancellationToken cancellationToken)
    {
        var earlier = await api.ListSnapshotsAsync(connection.Token, SnapshotLabels.RunSelector(run.RequestKey), cancellationToken);
        if (!earlier.IsSuccess)
        {
            await FailAsync(run, HetznerErrorText.Describe(earlier.Error!), cancellationToken);
            return false;
        }

        if (earlier.Value!.Count > 0)
        {
            run.ImageId = earlier.Value[0].Id;
            run.Status = RunStatus.Creating;
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }

        var labels = SnapshotLabels.For(run.Kind == RunKind.Automatic, connection.ServerId, run.RequestKey);
        var created = await api.CreateSnapshotAsync(connection.Token, connection.ServerId, run.Description, labels, cancellationToken);
        if (!created.IsSuccess)
        {
            await FailAsync(run, HetznerErrorText.Describe(created.Error!), cancellationToken);
            return false;
        }

        run.ImageId = created.Value!.Image.Id;
        run.ActionId = created.Value.Action?.Id;
        run.Progress = created.Value.Action?.Progress ?? 0;
        run.Status = RunStatus.Creating;
        await db.SaveChangesAsync(cancellationToken);
        progress.Report(run.Id, run.Progress);
        await mirror.UpsertAsync(created.Value.Image, cancellationToken);
        return true;
    }

    /// <summary>Null when the snapshot became available, otherwise why it did not.</summary>
    private async Task<string?> WaitAsync(SnapshotRunRecord run, HetznerConnection connection, CancellationToken cancellationToken)
    {
        if (run.ActionId is { } actionId)
        {
            var action = await api.WaitForActionAsync(connection.Token, actionId, progress.For(run.Id), cancellationToken);
            if (action.IsSuccess)
            {
                return null;
            }

            // Losing sight of the action (no answer, 5xx) says nothing about the snapshot: ask for the image itself
            // before calling the run failed. An action that ended in error (HTTP status 200) is a real failure.
            if (action.Error!.HttpStatus != 0 && action.Error.HttpStatus < 500)
            {
                return HetznerErrorText.Describe(action.Error);
            }
        }

        return await WaitForImageAsync(run.ImageId!.Value, connection, cancellationToken);
    }

    /// <summary>When the action is unknown (an adopted snapshot) or out of sight, the image status is watched instead.</summary>
    private async Task<string?> WaitForImageAsync(long imageId, HetznerConnection connection, CancellationToken cancellationToken)
    {
        while (true)
        {
            var image = await api.GetImageAsync(connection.Token, imageId, cancellationToken);
            if (!image.IsSuccess)
            {
                return image.Error!.Code == HetznerError.NotFound
                    ? "The snapshot disappeared at Hetzner before it became available."
                    : HetznerErrorText.Describe(image.Error);
            }

            if (image.Value!.Status == "available")
            {
                return null;
            }

            if (image.Value.Status != "creating")
            {
                return $"The snapshot ended with status {image.Value.Status}.";
            }

            await Task.Delay(options.Value.ImagePollInterval, timeProvider, cancellationToken);
        }
    }

    private async Task SucceedAsync(SnapshotRunRecord run, HetznerConnection connection, CancellationToken cancellationToken)
    {
        // The mirror first: a page that sees the run finished reloads and must find the snapshot available. Only this
        // image is read; an automatic run's prune reads the whole list right after.
        await FollowImageAsync(run, connection, cancellationToken);
        run.Status = RunStatus.Succeeded;
        // Saved with the success, so a crash before or during the prune leaves it due for the next pass.
        run.PruneStatus = run.Kind == RunKind.Automatic ? PruneStatus.Pending : null;
        run.Progress = 100;
        run.FinishedAt = timeProvider.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        progress.Forget(run.Id);
        await auditLog.WriteAsync(
            new AuditEvent(HetznerModule.Id, AuditCodes.SnapshotCreate,
                $"{run.Kind} snapshot \"{run.Description}\" ({run.ImageId}) of {connection} created."),
            cancellationToken);

        if (run.Kind == RunKind.Automatic)
        {
            await PruneAfterAsync(run, cancellationToken);
        }
    }

    /// <summary>Pruning only follows a successful automatic snapshot, so a failing schedule never thins out the
    /// snapshots it cannot replace. The pruner records the counts on the run; a prune that could not run is marked
    /// failed here, and the next automatic run prunes again.</summary>
    private async Task PruneAfterAsync(SnapshotRunRecord run, CancellationToken cancellationToken)
    {
        string? failure;
        try
        {
            failure = PruneFailureAlert.Describe(await pruner.PruneAsync(run.Id, cancellationToken));
        }
        catch (ProblemException ex)
        {
            failure = ex.Message;
            run.PruneStatus = PruneStatus.Failed;
        }

        run.PruneError = failure;
        await db.SaveChangesAsync(cancellationToken);
        if (failure is not null)
        {
            await failureAlert.RaiseAsync(failure, cancellationToken);
        }
    }

    /// <summary>
    /// Finishes what a crash or stop interrupted after a run: the prune of a succeeded automatic run that has not
    /// recorded its outcome (checked every pass: only this loop runs those prunes), and, once per process, a prune the
    /// admin started whose deletes are still in the journal. Both are done again from a fresh list under the
    /// retention policy; the pruner first settles the interrupted deletes.
    /// </summary>
    public async Task ResumeInterruptedPrunesAsync(CancellationToken cancellationToken)
    {
        var pending = await db.Runs
            .Where(r => r.Status == RunStatus.Succeeded && r.PruneStatus == PruneStatus.Pending)
            .OrderBy(r => r.Id)
            .ToListAsync(cancellationToken);
        foreach (var run in pending)
        {
            LogResumingPrune(logger, run.Id);
            await PruneAfterAsync(run, cancellationToken);
        }

        if (journalCheck.Done)
        {
            return;
        }

        if (pending.Count == 0 && await db.Deletions.AnyAsync(cancellationToken))
        {
            try
            {
                await pruner.PruneAsync(cancellationToken);
            }
            catch (ProblemException ex)
            {
                LogResumedPruneFailed(logger, ex.Message);
                return;
            }
        }

        journalCheck.MarkDone();
    }

    private async Task FailAsync(SnapshotRunRecord run, string reason, CancellationToken cancellationToken, bool notify = true)
    {
        // A run that made no snapshot changed nothing at Hetzner; one that did shows its snapshot as it ended.
        if (await connections.GetAsync(cancellationToken) is { } connection)
        {
            await FollowImageAsync(run, connection, cancellationToken);
        }

        run.Status = RunStatus.Failed;
        run.Error = reason;
        run.FinishedAt = timeProvider.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        progress.Forget(run.Id);
        LogRunFailed(logger, run.Id, run.Kind, reason);
        await auditLog.WriteAsync(
            new AuditEvent(HetznerModule.Id, AuditCodes.SnapshotCreateFailed, $"{run.Kind} snapshot \"{run.Description}\" failed: {reason}"),
            cancellationToken);
        if (notify)
        {
            // Manual ones too (issue 13 §2): the admin who pressed Create may have left the page, and the snapshot taken
            // before a rebuild is a manual one.
            await notifier.RaiseAsync(
                new AdminNotification(HetznerModule.Id, NotificationSeverity.Critical, "Creating a snapshot failed",
                    run.Kind == RunKind.Automatic
                        ? $"The automatic snapshot \"{run.Description}\" failed: {reason} The next scheduled run tries again."
                        : $"The snapshot \"{run.Description}\" failed: {reason} Nothing was retried; take it again from the Snapshots tab."),
                cancellationToken);
        }
    }

    /// <summary>Puts the run's snapshot into the mirror as Hetzner has it now, or takes it out when it is gone. Any
    /// other failure leaves the mirror to the next refresh.</summary>
    private async Task FollowImageAsync(SnapshotRunRecord run, HetznerConnection connection, CancellationToken cancellationToken)
    {
        if (run.ImageId is not { } imageId)
        {
            return;
        }

        var image = await api.GetImageAsync(connection.Token, imageId, cancellationToken);
        if (image.IsSuccess)
        {
            await mirror.UpsertAsync(image.Value!, cancellationToken);
        }
        else if (image.Error!.Code == HetznerError.NotFound)
        {
            await mirror.RemoveAsync(imageId, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming the prune after snapshot run {RunId}, interrupted when the panel stopped.")]
    private static partial void LogResumingPrune(ILogger logger, long runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Finishing a prune interrupted when the panel stopped failed: {Reason} The next prune settles it.")]
    private static partial void LogResumedPruneFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot run {RunId} ({Kind}) failed: {Reason}")]
    private static partial void LogRunFailed(ILogger logger, long runId, RunKind kind, string reason);
}
