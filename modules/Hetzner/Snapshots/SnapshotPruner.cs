using Microsoft.EntityFrameworkCore;
using Panel.Contracts;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Integration;

namespace Panel.Modules.Hetzner.Snapshots;

/// <summary>Applies <see cref="RetentionPolicy"/>: as a preview from the mirror, or for real on a fresh list.</summary>
internal sealed class SnapshotPruner(
    HetznerDbContext db,
    IHetznerApi api,
    ConnectionReader connections,
    ServerIdentity identity,
    SnapshotMirror mirror,
    IAuditLog auditLog,
    TimeProvider timeProvider)
{
    /// <summary>What a prune would do now, from the local mirror (no call to Hetzner).</summary>
    public async Task<PruneReport> PreviewAsync(CancellationToken cancellationToken)
    {
        var connection = await connections.RequireAsync(cancellationToken);
        var (plan, settings, asOf) = await PlanAsync(connection, cancellationToken);
        return Report(dryRun: true, plan, settings, asOf, plan.ToDelete.ToList(), []);
    }

    /// <summary>Reads the list afresh (pruning on a stale list could miss a protection switched on since), deletes
    /// what the policy says, and records an event with the counts.</summary>
    public async Task<PruneReport> PruneAsync(CancellationToken cancellationToken)
    {
        var connection = await identity.RequireAsync("pruned", cancellationToken);
        if (!await mirror.RefreshAsync(cancellationToken))
        {
            var state = await db.GetStateAsync(cancellationToken);
            throw ProblemException.Upstream($"Nothing was pruned: the snapshot list could not be read. {state.MirrorError}");
        }

        var (plan, settings, asOf) = await PlanAsync(connection, cancellationToken);
        var deleted = new List<RetentionDecision>();
        var failed = new List<PruneFailure>();
        foreach (var decision in plan.ToDelete)
        {
            var snapshot = decision.Snapshot;
            var result = await api.DeleteImageAsync(connection.Token, snapshot.Id, cancellationToken);
            if (result.IsSuccess || result.Error!.Code == HetznerError.NotFound)
            {
                deleted.Add(decision);
                await mirror.RemoveAsync(snapshot.Id, cancellationToken);
            }
            else
            {
                failed.Add(new PruneFailure(snapshot.Id, snapshot.Description, HetznerErrorText.Describe(result.Error)));
            }
        }

        var report = Report(dryRun: false, plan, settings, asOf, deleted, failed);
        await auditLog.WriteAsync(
            new AuditEvent(HetznerModule.Id, AuditCodes.SnapshotPrune,
                $"Pruned automatic snapshots of {connection}: {report.CountsText}."
                + (deleted.Count > 0 ? " Deleted: " + string.Join(", ", deleted.Select(d => $"{d.Snapshot.Description} ({d.Snapshot.Id})")) + "." : "")),
            cancellationToken);
        if (deleted.Count > 0 || failed.Count > 0)
        {
            await mirror.RefreshAsync(cancellationToken);
        }

        return report;
    }

    private async Task<(RetentionPlan Plan, SettingsRecord Settings, DateTimeOffset? AsOf)> PlanAsync(
        HetznerConnection connection, CancellationToken cancellationToken)
    {
        var settings = await db.Settings.AsNoTracking().SingleAsync(s => s.Id == SettingsRecord.SingletonId, cancellationToken);
        var state = await db.State.AsNoTracking().SingleAsync(s => s.Id == ModuleStateRecord.SingletonId, cancellationToken);
        var snapshots = await db.Snapshots.AsNoTracking().ToListAsync(cancellationToken);
        var plan = RetentionPolicy.Evaluate(
            snapshots.Select(ToCandidate),
            connection.ServerId,
            new RetentionSettings(settings.RetentionDays, settings.KeepNewest),
            timeProvider.GetUtcNow());
        return (plan, settings, state.MirrorRefreshedAt);
    }

    public static RetentionCandidate ToCandidate(SnapshotRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new RetentionCandidate(record.Id, record.Description, record.Created, record.Status,
            record.DeleteProtected, record.CreatedFromServerId, record.Labels);
    }

    private PruneReport Report(
        bool dryRun,
        RetentionPlan plan,
        SettingsRecord settings,
        DateTimeOffset? asOf,
        IReadOnlyList<RetentionDecision> deleted,
        IReadOnlyList<PruneFailure> failed) =>
        new(dryRun,
            timeProvider.GetUtcNow(),
            asOf,
            settings.RetentionDays,
            settings.KeepNewest,
            deleted.Select(PruneEntry.From).ToList(),
            plan.ToKeep.Select(PruneEntry.From).ToList(),
            failed);
}
