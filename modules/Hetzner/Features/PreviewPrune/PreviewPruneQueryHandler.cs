using MediatR;
using Microsoft.EntityFrameworkCore;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Snapshots.Mirror;
using Panel.Modules.Hetzner.Snapshots.Retention;
using Panel.Modules.Hetzner.Snapshots.Secrets;
using Panel.Modules.Hetzner.Snapshots.Scheduling;
using Panel.Modules.Hetzner.Snapshots.Server;

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
        var candidates = snapshots.Select(SnapshotPruner.ToCandidate).ToList();
        var atRun = request.AtRun
            ?? (request.AtNextScheduledRun && settings.AutomaticEnabled && settings.ProtectedToken is not null ? state.NextDueAt : null);
        // A run already under way moved the schedule's next slot on when it started, but its own prune comes first,
        // within minutes: that is the next scheduled prune, evaluated now, with its snapshot once (listed or not yet).
        var underWay = atRun is null ? null : await db.Runs.AsNoTracking()
            .Where(r => r.Kind == RunKind.Automatic
                && (r.Status == RunStatus.Pending || r.Status == RunStatus.Creating || r.PruneStatus == PruneStatus.Pending))
            .OrderByDescending(r => r.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (underWay is not null)
        {
            atRun = now;
        }
        else if (atRun is { } run && run > now)
        {
            now = run;
        }

        if (atRun is not null && (underWay?.ImageId is not { } made || candidates.All(c => c.Id != made)))
        {
            candidates.Add(NextRunSnapshot(connection.ServerId, now));
        }

        var plan = RetentionPolicy.Evaluate(candidates, connection.ServerId, retention, now);
        var report = PruneReport.Of(dryRun: true, now, state.MirrorRefreshedAt, retention, plan, [.. plan.ToDelete.Select(PruneEntry.From)], []);
        return report with { Keep = [.. report.Keep.Where(e => e.Id != NextRunSnapshotId && e.Id != underWay?.ImageId)], ScheduledRun = atRun is null ? null : now, RunUnderWay = underWay is not null };
    }

    /// <summary>Never a Hetzner image id (those are positive), so the stand-in cannot collide with a real snapshot.</summary>
    private const long NextRunSnapshotId = -1;

    /// <summary>The snapshot the scheduled run creates just before its prune, as the pruner will then see it.</summary>
    private static RetentionCandidate NextRunSnapshot(long serverId, DateTimeOffset created) =>
        new(NextRunSnapshotId, "next automatic snapshot", created, "available", DeleteProtected: false, serverId,
            SnapshotLabels.For(automatic: true, serverId, runKey: "next-run"));
}
