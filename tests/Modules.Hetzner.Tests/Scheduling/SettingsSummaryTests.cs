using Panel.Modules.Hetzner.Snapshots.Scheduling;
using Snapshooter.Xunit;
using Panel.Modules.Hetzner.Snapshots.Mirror;
using Panel.Modules.Hetzner.Snapshots.Retention;
using Panel.Modules.Hetzner.Snapshots.Secrets;
using Panel.Modules.Hetzner.Snapshots.Server;

namespace Modules.Hetzner.Tests.Scheduling;

public sealed class SettingsSummaryTests
{
    /// <summary>A Saturday.</summary>
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Four_a_day_for_seven_days_keeps_twenty_eight_as_CloudPanel_documents()
    {
        var summary = SettingsSummary.Compute(6, new RetentionSettings(7, 1), Now, [2.0, 2.5], serverDiskGb: 40, pricePerGbMonth: 0.0143m, currency: "EUR");

        Snapshot.Match(summary);
    }

    [Fact]
    public void The_newest_kept_floor_wins_when_it_is_larger() =>
        Assert.Equal(5, SettingsSummary.Compute(24, new RetentionSettings(1, 5), Now, [], null, null, null).KeptAtSteadyState);

    [Fact]
    public void Without_snapshots_the_disk_size_is_the_estimate()
    {
        var summary = SettingsSummary.Compute(12, new RetentionSettings(3, 1), Now, [], serverDiskGb: 40, pricePerGbMonth: 0.01m, currency: "EUR");

        Assert.Equal(40, summary.SnapshotSizeGb);
        Assert.Equal(6 * 40 * 0.01m, summary.MonthlyCost);
        Assert.Null(summary.QuotaWarning);
    }

    [Fact]
    public void Hourly_for_thirty_days_warns_about_the_snapshot_limit() =>
        Assert.NotNull(SettingsSummary.Compute(1, new RetentionSettings(30, 1), Now, [1.0], null, null, null).QuotaWarning);

    /// <summary>Daily snapshots at noon, Saturday 2026-11-28: 7 younger than 7 days (Nov 22 to 28, also the 7
    /// daily ones); the weeks of Nov 23 and 16 end with snapshots already kept, those of Nov 9 and 2 add Nov 15 and
    /// 8; the twelve months add the last day of each month from 2025-12 to 2026-10 (November's is today's): 11.</summary>
    [Fact]
    public void The_forecast_counts_the_calendar_rules_by_the_policy_itself()
    {
        var rules = new RetentionSettings(7, 1, new CalendarRetention(7, 4, 12, TimeZoneInfo.Utc));

        var summary = SettingsSummary.Compute(24, rules, Now, [2.0], null, 0.01m, "EUR");

        Assert.Equal(7 + 2 + 11, summary.KeptAtSteadyState);
        Assert.Equal(0.40m, summary.MonthlyCost);
    }

    [Fact]
    public void Without_calendar_rules_the_forecast_is_CloudPanels_frequency_times_retention()
    {
        foreach (var hours in SnapshotScheduleOptions.FrequencyHours)
        {
            foreach (var days in SnapshotScheduleOptions.RetentionDays)
            {
                Assert.Equal(Math.Max(2, 24 / hours * days), SettingsSummary.Compute(hours, new RetentionSettings(days, 2), Now, [], null, null, null).KeptAtSteadyState);
            }
        }
    }
}
