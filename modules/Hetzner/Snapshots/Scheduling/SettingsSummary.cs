using Panel.Modules.Hetzner.Snapshots.Retention;
using Panel.Modules.Hetzner.Snapshots.Mirror;
using Panel.Modules.Hetzner.Snapshots.Scheduling;
using Panel.Modules.Hetzner.Snapshots.Secrets;
using Panel.Modules.Hetzner.Snapshots.Server;

namespace Panel.Modules.Hetzner.Snapshots.Scheduling;

/// <summary>What a schedule means in numbers, shown under the Snapshot Settings form.</summary>
/// <param name="SnapshotsPerDay">Automatic snapshots a day.</param>
/// <param name="KeptAtSteadyState">Automatic snapshots kept once the schedule has run longer than every rule reaches
/// back, counted by the pruner's own policy on a simulated history ending now.</param>
/// <param name="SnapshotSizeGb">Expected size of one snapshot, or null when nothing is known yet.</param>
/// <param name="SizeBasis">Where <paramref name="SnapshotSizeGb"/> comes from, in words.</param>
/// <param name="TotalSizeGb">Expected stored size of the kept snapshots.</param>
/// <param name="PricePerGbMonth">Hetzner's gross price per GB and month, when known.</param>
/// <param name="Currency">Currency of the price.</param>
/// <param name="MonthlyCost">Expected monthly cost of the kept snapshots, when size and price are known.</param>
/// <param name="QuotaWarning">Set when the count is high enough to meet a project's snapshot limit.</param>
internal sealed record SettingsSummary(
    double SnapshotsPerDay,
    int KeptAtSteadyState,
    double? SnapshotSizeGb,
    string SizeBasis,
    double? TotalSizeGb,
    decimal? PricePerGbMonth,
    string? Currency,
    decimal? MonthlyCost,
    string? QuotaWarning)
{
    /// <summary>How many of the newest snapshot sizes are averaged.</summary>
    public const int SizeSampleCount = 5;

    /// <summary>Projects are often limited to about this many snapshots unless Hetzner raised the limit.</summary>
    public const int CommonSnapshotLimit = 30;

    public static SettingsSummary Compute(
        int frequencyHours,
        RetentionSettings retention,
        DateTimeOffset now,
        IReadOnlyList<double> recentSnapshotSizesGb,
        double? serverDiskGb,
        decimal? pricePerGbMonth,
        string? currency)
    {
        ArgumentNullException.ThrowIfNull(recentSnapshotSizesGb);
        var perDay = 24.0 / frequencyHours;
        var kept = CountKept(frequencyHours, retention, now);

        var (size, basis) = recentSnapshotSizesGb.Count > 0
            ? (recentSnapshotSizesGb.Average(), recentSnapshotSizesGb.Count == 1
                ? "the size of the latest snapshot"
                : $"the average of the latest {recentSnapshotSizesGb.Count} snapshots")
            : serverDiskGb is { } disk
                ? (disk, "the server's disk size (an upper bound: snapshots store only used space, compressed)")
                : ((double?)null, "unknown until the first snapshot or a saved token");

        var total = size * kept;
        var cost = total is { } gb && pricePerGbMonth is { } price ? Math.Round((decimal)gb * price, 2) : (decimal?)null;
        var warning = kept > CommonSnapshotLimit
            ? $"{kept} snapshots may exceed the project's snapshot limit (often about {CommonSnapshotLimit}); a create over the limit fails."
            : null;
        return new SettingsSummary(perDay, kept, size, basis, total, pricePerGbMonth, currency, cost, warning);
    }

    /// <summary>
    /// Runs <see cref="RetentionPolicy.Evaluate"/> on one automatic snapshot every <paramref name="frequencyHours"/>
    /// up to <paramref name="now"/>, reaching back further than any rule looks, and counts what it keeps. The
    /// forecast thereby cannot use another formula than the prune: the calendar rules depend on where today falls
    /// in its week and month, which only the policy itself gets right.
    /// </summary>
    public static int CountKept(int frequencyHours, RetentionSettings retention, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(retention);
        const long serverId = 1;
        var calendar = retention.CalendarRules;
        var days = new[] { retention.RetentionDays, calendar.KeepDaily, 7 * (calendar.KeepWeekly + 1), 31 * (calendar.KeepMonthly + 1) }.Max() + 1;
        var count = (days * 24 / frequencyHours) + retention.KeepNewest + 1;
        var labels = SnapshotLabels.For(automatic: true, serverId, "forecast");
        var history = Enumerable.Range(0, count).Select(i => new RetentionCandidate(
            i + 1, "forecast", now.AddHours(-(double)i * frequencyHours), "available", DeleteProtected: false, serverId, labels));
        return RetentionPolicy.Evaluate(history, serverId, retention, now).ToKeep.Count();
    }
}
