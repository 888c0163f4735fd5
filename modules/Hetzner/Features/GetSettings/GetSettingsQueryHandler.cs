using MediatR;
using Microsoft.EntityFrameworkCore;
using Panel.Modules.Hetzner.Backups;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Features.GetSettingsSummary;
using Panel.Modules.Hetzner.Features.SaveSnapshotSettings;
using Panel.Modules.Hetzner.Snapshots.Scheduling;

namespace Panel.Modules.Hetzner.Features.GetSettings;

internal sealed class GetSettingsQueryHandler(HetznerDbContext db, TimeProvider timeProvider) : IRequestHandler<GetSettingsQuery, SettingsView>
{
    public async Task<SettingsView> Handle(GetSettingsQuery request, CancellationToken cancellationToken)
    {
        var settings = await db.Settings.AsNoTracking().SingleAsync(s => s.Id == SettingsRecord.SingletonId, cancellationToken);
        var state = await db.State.AsNoTracking().SingleAsync(s => s.Id == ModuleStateRecord.SingletonId, cancellationToken);
        var lastRun = await db.Runs.AsNoTracking()
            .Where(r => r.Kind == RunKind.Automatic)
            .OrderByDescending(r => r.Id)
            .FirstOrDefaultAsync(cancellationToken);

        var token = settings.TokenMask is null
            ? null
            : new TokenView(settings.TokenMask, settings.ServerId, settings.ServerName, settings.TokenSavedAt);
        var schedule = SnapshotScheduleView.Of(settings, state.NextDueAt);
        var run = lastRun is null
            ? null
            : new RunView(lastRun.RequestedAt, lastRun.Status.ToString(), lastRun.Description, lastRun.FinishedAt, lastRun.Error, lastRun.PrunedCount,
                lastRun.PruneStatus?.ToString(), lastRun.PruneError);
        var summary = await GetSettingsSummaryQueryHandler.ComputeAsync(
            db, settings.FrequencyHours, SnapshotScheduleOptions.Retention(settings), timeProvider.GetUtcNow(), cancellationToken);
        return new SettingsView(token, schedule, run, summary, SnapshotScheduleOptions.FrequencyHours, SnapshotScheduleOptions.RetentionDays,
            ServerBackupsView.From(state));
    }
}
