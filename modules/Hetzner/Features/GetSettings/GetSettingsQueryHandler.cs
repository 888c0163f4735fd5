using MediatR;
using Microsoft.EntityFrameworkCore;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Features.SaveSnapshotSettings;
using Panel.Modules.Hetzner.Snapshots;

namespace Panel.Modules.Hetzner.Features.GetSettings;

internal sealed class GetSettingsQueryHandler(HetznerDbContext db) : IRequestHandler<GetSettingsQuery, SettingsView>
{
    public async Task<SettingsView> Handle(GetSettingsQuery request, CancellationToken cancellationToken)
    {
        var settings = await db.Settings.AsNoTracking().SingleAsync(s => s.Id == SettingsRecord.SingletonId, cancellationToken);
        var state = await db.State.AsNoTracking().SingleAsync(s => s.Id == ModuleStateRecord.SingletonId, cancellationToken);
        var lastRun = await db.Runs.AsNoTracking()
            .Where(r => r.Kind == RunKind.Automatic)
            .OrderByDescending(r => r.Id)
            .FirstOrDefaultAsync(cancellationToken);
        var recentSizes = await db.Snapshots.AsNoTracking()
            .Where(s => s.Status == "available" && s.ImageSizeGb != null)
            .OrderByDescending(s => s.Created)
            .Select(s => s.ImageSizeGb!.Value)
            .Take(SettingsSummary.SizeSampleCount)
            .ToListAsync(cancellationToken);

        var token = settings.TokenMask is null
            ? null
            : new TokenView(settings.TokenMask, settings.ServerId, settings.ServerName, settings.TokenSavedAt);
        var schedule = new SnapshotScheduleView(settings.AutomaticEnabled, settings.FrequencyHours, settings.RetentionDays,
            settings.KeepNewest, settings.AutomaticEnabled ? state.NextDueAt : null);
        var run = lastRun is null
            ? null
            : new RunView(lastRun.RequestedAt, lastRun.Status.ToString(), lastRun.Description, lastRun.FinishedAt, lastRun.Error, lastRun.PrunedCount,
                lastRun.PruneStatus?.ToString(), lastRun.PruneError);
        var summary = SettingsSummary.Compute(settings.FrequencyHours, settings.RetentionDays, settings.KeepNewest,
            recentSizes, settings.ServerDiskGb, state.PricePerGbMonth, state.PriceCurrency);
        return new SettingsView(token, schedule, run, summary, SnapshotScheduleOptions.FrequencyHours, SnapshotScheduleOptions.RetentionDays);
    }
}
