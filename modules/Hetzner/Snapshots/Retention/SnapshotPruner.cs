using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Panel.Contracts;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Integration;
using Panel.Modules.Hetzner.Snapshots.Mirror;
using Panel.Modules.Hetzner.Snapshots.Secrets;
using Panel.Modules.Hetzner.Snapshots.Server;
using Panel.Modules.Hetzner.Snapshots.Retention;
using Panel.Modules.Hetzner.Snapshots.Scheduling;

namespace Panel.Modules.Hetzner.Snapshots.Retention;

/// <summary>Applies <see cref="RetentionPolicy"/>: as a preview from the mirror, or for real on a fresh list.</summary>
internal sealed partial class SnapshotPruner(
    HetznerDbContext db,
    IHetznerApi api,
    ConnectionReader connections,
    ServerIdentity identity,
    SnapshotMirror mirror,
    IAuditLog auditLog,
    TimeProvider timeProvider,
    ILogger<SnapshotPruner> logger)
{
    /// <summary>What a prune would do now, from the local mirror (no call to Hetzner).</summary>
    public async Task<PruneReport> PreviewAsync(CancellationToken cancellationToken)
    {
        var connection = await connections.RequireAsync(cancellationToken);
        var (plan, settings, asOf) = await PlanAsync(connection, cancellationToken);
        return PruneReport.Of(dryRun: true, timeProvider.GetUtcNow(), asOf, settings, plan, [.. plan.ToDelete.Select(PruneEntry.From)], []);
    }

    /// <summary>A prune the admin started (no run to record it on).</summary>
    public Task<PruneReport> PruneAsync(CancellationToken cancellationToken) => PruneAsync(runId: null, cancellationToken);

    /// <summary>
    /// Reads the list afresh (pruning on a stale list could miss a protection switched on since), deletes what the
    /// policy says, and records an event for each deletion and one with the counts. The mirror is held throughout,
    /// so no other writer changes it in between and the report says what this prune did; each confirmed delete takes
    /// its snapshot out of the mirror, so the list is read once per prune. Each delete is journalled
    /// before it is sent and after Hetzner answers: a prune interrupted by a crash is settled by the next one, which
    /// checks with Hetzner what the interrupted deletes did before it decides anything again.
    /// </summary>
    /// <param name="runId">The automatic run this prune follows; its row gets the counts with the journal's clean-up.</param>
    /// <param name="cancellationToken">Stops before the next delete; one already sent is settled on the next prune.</param>
    public async Task<PruneReport> PruneAsync(long? runId, CancellationToken cancellationToken)
    {
        var connection = await identity.RequireAsync("pruned", cancellationToken);
        await using var writer = await mirror.AcquireAsync(cancellationToken);
        var deleted = await SettleInterruptedAsync(connection, writer, cancellationToken);
        if (!await writer.RefreshAsync(cancellationToken))
        {
            var state = await db.State.AsNoTracking().SingleAsync(s => s.Id == ModuleStateRecord.SingletonId, cancellationToken);
            throw ProblemException.Upstream($"Nothing was pruned: the snapshot list could not be read. {state.MirrorError}");
        }

        var (plan, settings, asOf) = await PlanAsync(connection, cancellationToken);
        var failed = new List<PruneFailure>();
        foreach (var decision in plan.ToDelete)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await DeleteAsync(connection, writer, decision, runId, cancellationToken) is { } failure)
            {
                failed.Add(failure);
            }
            else
            {
                deleted.Add(PruneEntry.From(decision));
            }
        }

        var report = PruneReport.Of(dryRun: false, timeProvider.GetUtcNow(), asOf, settings, plan, deleted, failed);
        await auditLog.WriteAsync(
            new AuditEvent(HetznerModule.Id, AuditCodes.SnapshotPrune,
                $"Pruned automatic snapshots of {connection}: {report.CountsText}."
                + (deleted.Count > 0 ? " Deleted: " + string.Join(", ", deleted.Select(d => $"{d.Description} ({d.Id})")) + "." : "")),
            CancellationToken.None);
        await FinishAsync(runId, report);
        return report;
    }

    /// <summary>Journals the delete, sends it, and on success records the event. Null when the snapshot is gone.</summary>
    private async Task<PruneFailure?> DeleteAsync(
        HetznerConnection connection,
        SnapshotMirror.Writer writer,
        RetentionDecision decision,
        long? runId,
        CancellationToken cancellationToken)
    {
        var snapshot = decision.Snapshot;
        var row = new SnapshotDeletionRecord
        {
            ImageId = snapshot.Id,
            RunId = runId,
            Description = snapshot.Description,
            Created = snapshot.Created,
            Reason = decision.Reason,
            Explanation = decision.Explanation,
            Status = DeletionStatus.InFlight,
            StartedAt = timeProvider.GetUtcNow(),
        };
        db.Deletions.Add(row);
        await db.SaveChangesAsync(cancellationToken);

        // Once sent, the delete is seen through and recorded even if the caller goes away (the admin leaves the page,
        // the panel stops): the next delete is where a cancelled prune stops.
        var result = await api.DeleteImageAsync(connection.Token, snapshot.Id, CancellationToken.None);
        if (result.IsSuccess || result.Error!.Code == HetznerError.NotFound)
        {
            await ConfirmAsync(row, connection, writer, "");
            return null;
        }

        db.Deletions.Remove(row);
        await db.SaveChangesAsync(CancellationToken.None);
        return new PruneFailure(snapshot.Id, snapshot.Description, HetznerErrorText.Describe(result.Error));
    }

    /// <summary>Records a deletion Hetzner confirmed. Not cancellable: the snapshot is gone, so its record must not be lost.</summary>
    private async Task ConfirmAsync(SnapshotDeletionRecord row, HetznerConnection connection, SnapshotMirror.Writer writer, string note)
    {
        if (row.Status == DeletionStatus.InFlight)
        {
            row.Status = DeletionStatus.Deleted;
            row.DeletedAt = timeProvider.GetUtcNow();
            await db.SaveChangesAsync(CancellationToken.None);
        }

        await writer.RemoveAsync(row.ImageId, CancellationToken.None);
        await auditLog.WriteAsync(
            new AuditEvent(HetznerModule.Id, AuditCodes.SnapshotPruneDelete,
                $"Automatic snapshot \"{row.Description}\" ({row.ImageId}) of {connection} deleted by pruning: {row.Explanation}{note}"),
            CancellationToken.None);
        row.Status = DeletionStatus.Audited;
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>
    /// Settles the journal of a prune that a crash or stop interrupted: a delete Hetzner carried out gets its event
    /// (if it has none yet) and counts as deleted by this prune; a snapshot still there is decided again by the
    /// policy, like any other. Hetzner's answer decides, never the journal alone.
    /// </summary>
    private async Task<List<PruneEntry>> SettleInterruptedAsync(
        HetznerConnection connection, SnapshotMirror.Writer writer, CancellationToken cancellationToken)
    {
        var settled = new List<PruneEntry>();
        foreach (var row in await db.Deletions.OrderBy(d => d.Id).ToListAsync(cancellationToken))
        {
            if (row.Status == DeletionStatus.InFlight)
            {
                var image = await api.GetImageAsync(connection.Token, row.ImageId, cancellationToken);
                if (image.IsSuccess)
                {
                    LogDeleteNotDone(logger, row.ImageId);
                    db.Deletions.Remove(row);
                    await db.SaveChangesAsync(cancellationToken);
                    continue;
                }

                if (image.Error!.Code != HetznerError.NotFound)
                {
                    throw ProblemException.Upstream(
                        $"Nothing was pruned: whether snapshot {row.ImageId} was deleted before the panel stopped could not be checked. {HetznerErrorText.Describe(image.Error)}");
                }
            }

            if (row.Status != DeletionStatus.Audited)
            {
                await ConfirmAsync(row, connection, writer, " (recorded after the panel restarted)");
            }

            settled.Add(new PruneEntry(row.ImageId, row.Description, row.Created, Automatic: true, row.Reason,
                row.Explanation + " Deleted before the panel restarted.", ExpiresAt: null, Reasons: []));
        }

        return settled;
    }

    /// <summary>Clears the journal and records the counts on the run in one write, so a crash leaves either the
    /// journal for the next prune to settle or the finished run, never both or neither.</summary>
    private async Task FinishAsync(long? runId, PruneReport report)
    {
        db.Deletions.RemoveRange(await db.Deletions.ToListAsync(CancellationToken.None));
        if (runId is { } id)
        {
            var run = await db.Runs.SingleAsync(r => r.Id == id, CancellationToken.None);
            run.PrunedCount = report.Delete.Count;
            run.PruneFailedCount = report.Failed.Count;
            run.PruneStatus = PruneStatus.Done;
        }

        await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task<(RetentionPlan Plan, RetentionSettings Settings, DateTimeOffset? AsOf)> PlanAsync(
        HetznerConnection connection, CancellationToken cancellationToken)
    {
        var settings = await db.Settings.AsNoTracking().SingleAsync(s => s.Id == SettingsRecord.SingletonId, cancellationToken);
        var state = await db.State.AsNoTracking().SingleAsync(s => s.Id == ModuleStateRecord.SingletonId, cancellationToken);
        var snapshots = await db.Snapshots.AsNoTracking().ToListAsync(cancellationToken);
        var retention = SnapshotScheduleOptions.Retention(settings);
        var plan = RetentionPolicy.Evaluate(snapshots.Select(ToCandidate), connection.ServerId, retention, timeProvider.GetUtcNow());
        return (plan, retention, state.MirrorRefreshedAt);
    }

    public static RetentionCandidate ToCandidate(SnapshotRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new RetentionCandidate(record.Id, record.Description, record.Created, record.Status,
            record.DeleteProtected, record.CreatedFromServerId, record.Labels);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Snapshot {ImageId} is still at Hetzner although a prune had sent its delete before the panel stopped; the retention policy decides about it again.")]
    private static partial void LogDeleteNotDone(ILogger logger, long imageId);
}
