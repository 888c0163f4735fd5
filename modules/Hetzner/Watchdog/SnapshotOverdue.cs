using Microsoft.EntityFrameworkCore;
using Panel.Modules.Hetzner.Data;

namespace Panel.Modules.Hetzner.Watchdog;

/// <summary>
/// The one rule for "automatic snapshots are overdue", read by the dead man's switch and by the Dashboard card, so the
/// card is red exactly while the alerts go out. Overdue: the schedule is on and no automatic snapshot has succeeded for
/// twice the frequency, counted from the last success or from the last save of the schedule, whichever is later (a
/// schedule saved just now gets its full allowance, even after a long time off).
/// </summary>
/// <param name="LastSuccess">When the newest successful automatic snapshot finished; null when none ever did.</param>
/// <param name="OverdueAt">From when on the schedule is overdue unless another automatic snapshot succeeds.</param>
/// <param name="FrequencyHours">The schedule's frequency the allowance was computed from.</param>
internal sealed record SnapshotOverdue(DateTimeOffset? LastSuccess, DateTimeOffset OverdueAt, int FrequencyHours)
{
    public bool IsOverdue(DateTimeOffset now) => now >= OverdueAt;

    /// <summary>Where the allowance is counted from: the last success or the last save of the schedule.</summary>
    public DateTimeOffset Since => OverdueAt - Allowance(FrequencyHours);

    /// <summary>True when the allowance runs from a save of the schedule rather than from a success: no automatic
    /// snapshot has succeeded since the schedule was (re)saved.</summary>
    public bool WaitingForFirstSinceSave => LastSuccess is not { } last || last < Since;

    /// <summary>The rule for <paramref name="settings"/>; null when it does not apply (schedule off, no token).</summary>
    public static async Task<SnapshotOverdue?> ReadAsync(HetznerDbContext db, SettingsRecord settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.AutomaticEnabled || settings.ProtectedToken is null || settings.FrequencyHours <= 0)
        {
            return null;
        }

        var lastSuccess = await db.Runs.AsNoTracking()
            .Where(r => r.Kind == RunKind.Automatic && r.Status == RunStatus.Succeeded && r.FinishedAt != null)
            .Select(r => r.FinishedAt)
            .MaxAsync(cancellationToken);
        var since = Later(lastSuccess, settings.UpdatedAt);
        return since is { } from ? new SnapshotOverdue(lastSuccess, from + Allowance(settings.FrequencyHours), settings.FrequencyHours) : null;
    }

    private static TimeSpan Allowance(int frequencyHours) => TimeSpan.FromHours(2 * frequencyHours);

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
