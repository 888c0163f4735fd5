using MediatR;
using Microsoft.EntityFrameworkCore;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Snapshots;

namespace Panel.Modules.Hetzner.Features.PreviewPrune;

/// <summary>Runs the pruner's own decision function (<see cref="RetentionPolicy.Evaluate"/>) on the mirror, so the
/// preview, the warning before saving and the real prune cannot disagree about which snapshots go.</summary>
internal sealed class PreviewPruneQueryHandler(HetznerDbContext db, ConnectionReader connections, TimeProvider timeProvider)
    : IRequestHandler<PreviewPruneQuery, PruneReport>
{
    public async Task<PruneReport> Handle(PreviewPruneQuery request, CancellationToken cancellationToken)
    {
        var connection = await connections.RequireAsync(cancellationToken);
        var settings = await db.Settings.AsNoTracking().SingleAsync(s => s.Id == SettingsRecord.SingletonId, cancellationToken);
        var state = await db.State.AsNoTracking().SingleAsync(s => s.Id == ModuleStateRecord.SingletonId, cancellationToken);
        var snapshots = await db.Snapshots.AsNoTracking().ToListAsync(cancellationToken);
        var retention = SnapshotScheduleOptions.Retention(settings, request.RetentionDays, request.KeepNewest,
            request.KeepDaily, request.KeepWeekly, request.KeepMonthly, request.TimeZone);
        var now = timeProvider.GetUtcNow();
        var plan = RetentionPolicy.Evaluate(snapshots.Select(SnapshotPruner.ToCandidate), connection.ServerId, retention, now);
        return PruneReport.Of(dryRun: true, now, state.MirrorRefreshedAt, retention, plan, [.. plan.ToDelete.Select(PruneEntry.From)], []);
    }
}
