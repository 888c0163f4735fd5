using System.Globalization;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Panel.Contracts;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Pages;
using Panel.Modules.Hetzner.Watchdog;

namespace Panel.Modules.Hetzner.Features.GetDashboardCard;

/// <summary>
/// Red when the latest automatic run failed, or when no automatic snapshot succeeded for twice the schedule's
/// frequency (a schedule that silently stopped is as bad as one that fails).
/// </summary>
internal sealed class GetDashboardCardQueryHandler(HetznerDbContext db, TimeProvider time) : IRequestHandler<GetDashboardCardQuery, DashboardCard>
{
    public const string Title = "Hetzner snapshots";
    private const string SnapshotsPage = "/m/hetzner/snapshots";
    private const string SettingsPage = "/m/hetzner/settings";

    public async Task<DashboardCard> Handle(GetDashboardCardQuery request, CancellationToken cancellationToken)
    {
        var settings = await db.Settings.AsNoTracking().SingleAsync(s => s.Id == SettingsRecord.SingletonId, cancellationToken);
        var state = await db.State.AsNoTracking().SingleAsync(s => s.Id == ModuleStateRecord.SingletonId, cancellationToken);
        var automatic = db.Runs.AsNoTracking().Where(r => r.Kind == RunKind.Automatic).OrderByDescending(r => r.Id);
        var lastRun = await automatic.FirstOrDefaultAsync(cancellationToken);
        var overdue = await SnapshotOverdue.ReadAsync(db, settings, cancellationToken);
        var snapshots = await db.Snapshots.AsNoTracking().ToListAsync(cancellationToken);

        var totalGb = snapshots.Sum(s => s.ImageSizeGb ?? 0);
        var cost = state.PricePerGbMonth is { } price ? Math.Round((decimal)totalGb * price, 2) : (decimal?)null;
        var now = time.GetUtcNow();
        var nextRun = settings.AutomaticEnabled ? state.NextDueAt : null;

        var facts = new List<DashboardFact>
        {
            lastRun is null
                ? new DashboardFact("Last automatic run", "none yet", Link: SettingsPage)
                : new DashboardFact("Last automatic run", Utc(lastRun.RequestedAt), lastRun.RequestedAt, SettingsPage),
            new("Result", lastRun is null ? "–" : RunResult(lastRun)),
            nextRun is { } next
                ? new DashboardFact("Next run", Utc(next), next, SettingsPage)
                : new DashboardFact("Next run", settings.AutomaticEnabled ? "not scheduled" : "schedule off", Link: SettingsPage),
            new("Snapshots", snapshots.Count.ToString(CultureInfo.InvariantCulture), Link: SnapshotsPage),
            new("Total size", Display.Size(totalGb), Link: SnapshotsPage),
            new("Monthly cost", Display.Money(cost, state.PriceCurrency)),
        };

        var (cardState, summary) = Judge(settings, lastRun, overdue, now);
        return new DashboardCard(Title, cardState, summary, cardState == DashboardCardState.Failed ? SettingsPage : SnapshotsPage, facts);
    }

    /// <summary>The card's state and its sentence. Pure, so the rules can be read and tested on their own.</summary>
    internal static (DashboardCardState State, string Summary) Judge(
        SettingsRecord settings, SnapshotRunRecord? lastRun, SnapshotOverdue? overdue, DateTimeOffset now)
    {
        if (settings.ProtectedToken is null)
        {
            return (DashboardCardState.Warning, "No API token is saved: no snapshot is taken. Save one on the Settings tab.");
        }

        if (!settings.AutomaticEnabled)
        {
            return (DashboardCardState.Neutral, "Automatic snapshots are off; only the snapshots you take by hand are made.");
        }

        if (lastRun is { Status: RunStatus.Failed } failed)
        {
            return (DashboardCardState.Failed, $"The last automatic snapshot failed: {failed.Error ?? "no reason was recorded"} Check the token and the server on the Settings tab.");
        }

        // The dead man's switch's own rule: red here exactly while its alerts go out.
        if (overdue is not null && overdue.IsOverdue(now))
        {
            var hours = (int)Math.Floor((now - overdue.Since).TotalHours);
            return (DashboardCardState.Failed,
                $"No automatic snapshot has succeeded for {hours} hours, although the schedule runs every {settings.FrequencyHours} hours. Check the Settings tab and the panel's log.");
        }

        if (lastRun is { PruneStatus: PruneStatus.Failed })
        {
            return (DashboardCardState.Warning, $"The last automatic snapshot succeeded, but cleaning up old ones failed: {lastRun.PruneError}");
        }

        return lastRun is { IsActive: true } ? (DashboardCardState.Healthy, "An automatic snapshot is being taken now.")
            : overdue is { WaitingForFirstSinceSave: true } ? (DashboardCardState.Healthy, $"Automatic snapshots every {settings.FrequencyHours} hours: the first since the schedule was saved is awaited.")
            : (DashboardCardState.Healthy, $"Automatic snapshots every {settings.FrequencyHours} hours are up to date.");
    }

    private static string RunResult(SnapshotRunRecord run) => run.Status switch
    {
        RunStatus.Succeeded when run.PruneStatus == PruneStatus.Failed => "succeeded; clean-up failed",
        RunStatus.Succeeded when run.PrunedCount is > 0 => $"succeeded; {run.PrunedCount} old deleted",
        RunStatus.Succeeded => "succeeded",
        RunStatus.Failed => "failed",
        _ => "running",
    };

    // The text without script; the host renders the fact's time as a localised <time> element.
    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
