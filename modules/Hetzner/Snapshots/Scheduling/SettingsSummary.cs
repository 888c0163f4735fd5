namespace Panel.Modules.Hetzner.Snapshots.Scheduling;

/// <summary>What a schedule means in numbers, shown under the Snapshot Settings form.</summary>
/// <param name="SnapshotsPerDay">Automatic snapshots a day.</param>
/// <param name="KeptAtSteadyState">Automatic snapshots kept once the schedule has run longer than the retention period.</param>
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
        int retentionDays,
        int keepNewest,
        IReadOnlyList<double> recentSnapshotSizesGb,
        double? serverDiskGb,
        decimal? pricePerGbMonth,
        string? currency)
    {
        ArgumentNullException.ThrowIfNull(recentSnapshotSizesGb);
        var perDay = 24.0 / frequencyHours;
        var kept = Math.Max(keepNewest, (int)Math.Round(perDay * retentionDays));

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
}
