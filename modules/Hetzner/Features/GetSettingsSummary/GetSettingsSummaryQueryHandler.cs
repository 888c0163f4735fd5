using MediatR;
using Microsoft.EntityFrameworkCore;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Features.PreviewPrune;
using Panel.Modules.Hetzner.Snapshots.Scheduling;
using Panel.Modules.Hetzner.Snapshots.Retention;

namespace Panel.Modules.Hetzner.Features.GetSettingsSummary;

internal sealed class GetSettingsSummaryQueryHandler(HetznerDbContext db, IMediator sender, TimeProvider timeProvider)
    : IRequestHandler<GetSettingsSummaryQuery, SettingsSummaryView>
{
    public async Task<SettingsSummaryView> Handle(GetSettingsSummaryQuery request, CancellationToken cancellationToken)
    {
        var settings = await db.Settings.AsNoTracking().SingleAsync(s => s.Id == SettingsRecord.SingletonId, cancellationToken);
        var retention = SnapshotScheduleOptions.Retention(settings, request.RetentionDays, request.KeepNewest,
            request.KeepDaily, request.KeepWeekly, request.KeepMonthly, request.TimeZone);
        var summary = await ComputeAsync(db, request.FrequencyHours, retention, timeProvider.GetUtcNow(), cancellationToken);
        var state = await db.State.AsNoTracking().SingleAsync(s => s.Id == ModuleStateRecord.SingletonId, cancellationToken);
        var firstRun = await FirstRunAsync(request, settings, state, cancellationToken);
        int? wouldDelete = null;
        if (settings.ProtectedToken is not null)
        {
            try
            {
                // With the schedule on, the figure is the prune that follows the next automatic snapshot, as said beside it.
                wouldDelete = (await sender.Send(new PreviewPruneQuery(request.RetentionDays, request.KeepNewest,
                    request.KeepDaily, request.KeepWeekly, request.KeepMonthly, request.TimeZone, firstRun), cancellationToken)).Delete.Count;
            }
            catch (ProblemException)
            {
                // A token the panel's keys no longer read: the Settings tab already says so beside the token field.
            }
        }

        var pending = settings.TokenSavedAt is { } saved
            && (state.MirrorRefreshedAt is not { } refreshed || refreshed < saved || state.PricePerGbMonth is null);
        return new SettingsSummaryView(summary, request.Enabled, wouldDelete, firstRun, pending);
    }

    /// <summary>The same rule the save applies: a schedule switched on or given another frequency starts afresh.</summary>
    private async Task<DateTimeOffset?> FirstRunAsync(
        GetSettingsSummaryQuery request, SettingsRecord settings, ModuleStateRecord state, CancellationToken cancellationToken)
    {
        if (!request.Enabled)
        {
            return null;
        }

        if (settings.AutomaticEnabled && settings.FrequencyHours == request.FrequencyHours && state.NextDueAt is { } due)
        {
            return due;
        }

        var lastAutomatic = await db.Runs.AsNoTracking()
            .Where(r => r.Kind == RunKind.Automatic)
            .OrderByDescending(r => r.Id)
            .Select(r => (DateTimeOffset?)r.RequestedAt)
            .FirstOrDefaultAsync(cancellationToken);
        return ScheduleClock.FirstDue(lastAutomatic, request.FrequencyHours, timeProvider.GetUtcNow());
    }

    /// <summary>The one place the figures are computed from the database, for saved and unsaved settings alike.</summary>
    public static async Task<SettingsSummary> ComputeAsync(
        HetznerDbContext db, int frequencyHours, RetentionSettings retention, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var settings = await db.Settings.AsNoTracking().SingleAsync(s => s.Id == SettingsRecord.SingletonId, cancellationToken);
        var state = await db.State.AsNoTracking().SingleAsync(s => s.Id == ModuleStateRecord.SingletonId, cancellationToken);
        var recentSizes = await db.Snapshots.AsNoTracking()
            .Where(s => s.Status == "available" && s.ImageSizeGb != null)
            .OrderByDescending(s => s.Created)
            .Select(s => s.ImageSizeGb!.Value)
            .Take(SettingsSummary.SizeSampleCount)
            .ToListAsync(cancellationToken);
        return SettingsSummary.Compute(frequencyHours, retention, now,
            recentSizes, settings.ServerDiskGb, state.PricePerGbMonth, state.PriceCurrency);
    }
}
