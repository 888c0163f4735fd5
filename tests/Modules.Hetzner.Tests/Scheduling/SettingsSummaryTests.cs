using Panel.Modules.Hetzner.Snapshots.Scheduling;
using Snapshooter.Xunit;

namespace Modules.Hetzner.Tests.Scheduling;

public sealed class SettingsSummaryTests
{
    [Fact]
    public void Four_a_day_for_seven_days_keeps_twenty_eight_as_CloudPanel_documents()
    {
        var summary = SettingsSummary.Compute(6, 7, 1, [2.0, 2.5], serverDiskGb: 40, pricePerGbMonth: 0.0143m, currency: "EUR");

        Snapshot.Match(summary);
    }

    [Fact]
    public void The_newest_kept_floor_wins_when_it_is_larger() =>
        Assert.Equal(5, SettingsSummary.Compute(24, 1, 5, [], null, null, null).KeptAtSteadyState);

    [Fact]
    public void Without_snapshots_the_disk_size_is_the_estimate()
    {
        var summary = SettingsSummary.Compute(12, 3, 1, [], serverDiskGb: 40, pricePerGbMonth: 0.01m, currency: "EUR");

        Assert.Equal(40, summary.SnapshotSizeGb);
        Assert.Equal(6 * 40 * 0.01m, summary.MonthlyCost);
        Assert.Null(summary.QuotaWarning);
    }

    [Fact]
    public void Hourly_for_thirty_days_warns_about_the_snapshot_limit() =>
        Assert.NotNull(SettingsSummary.Compute(1, 30, 1, [1.0], null, null, null).QuotaWarning);
}
