using Panel.Modules.Hetzner.Snapshots.Mirror;
using Panel.Modules.Hetzner.Snapshots.Retention;
using Panel.Modules.Hetzner.Snapshots.Scheduling;
using Panel.Modules.Hetzner.Snapshots.Server;

namespace Modules.Hetzner.Tests.Retention;

/// <summary>The calendar rules on a year of history computed by hand, and at the edges of days, weeks and months in
/// other time zones.</summary>
public sealed class CalendarRetentionTests
{
    private const long Server = 42;

    /// <summary>
    /// One automatic snapshot a day at 03:00 UTC from 2025-12-01 to 2026-11-30; now is Monday 2026-11-30 12:00 UTC
    /// (ISO week 2026-W49 begins that day). Rules: 1 day, newest 1, 7 daily, 4 weekly, 6 monthly, UTC.
    /// Kept by hand: Nov 24 to 30 (daily); Nov 29 ends W48, Nov 22 ends W47, Nov 15 ends W46; Oct 31, Sep 30, Aug 31,
    /// Jul 31 and Jun 30 end their months (November's newest is Nov 30). Everything else goes.
    /// </summary>
    [Fact]
    public void A_year_of_daily_snapshots_keeps_the_hand_computed_set()
    {
        var first = new DateTimeOffset(2025, 12, 1, 3, 0, 0, TimeSpan.Zero);
        var snapshots = Enumerable.Range(0, 365).Select(i => Automatic(i + 1, first.AddDays(i))).ToList();
        var now = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var rules = new RetentionSettings(1, 1, new CalendarRetention(7, 4, 6, TimeZoneInfo.Utc));

        var plan = RetentionPolicy.Evaluate(snapshots, Server, rules, now);

        string[] expected =
        [
            "2026-06-30", "2026-07-31", "2026-08-31", "2026-09-30", "2026-10-31", "2026-11-15", "2026-11-22",
            "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29", "2026-11-30",
        ];
        Assert.Equal(expected, plan.ToKeep.Select(d => Day(d.Snapshot)).Order());
        Assert.Equal(365 - expected.Length, plan.ToDelete.Count());
        Assert.Equal(["monthly 2026-11", "weekly 2026-W49", "daily 2026-11-30", "newest 1", "younger than 1 day"], Reasons(plan, "2026-11-30"));
        Assert.Equal(["weekly 2026-W48", "daily 2026-11-29"], Reasons(plan, "2026-11-29"));
        Assert.Equal(["daily 2026-11-24"], Reasons(plan, "2026-11-24"));
        Assert.Equal(["weekly 2026-W47"], Reasons(plan, "2026-11-22"));
        Assert.Equal(["monthly 2026-10"], Reasons(plan, "2026-10-31"));
        Assert.All(plan.ToKeep.Where(d => Day(d.Snapshot) is "2026-11-24" or "2026-10-31"), d => Assert.Equal(RetentionReason.CalendarBucket, d.Reason));
    }

    [Fact]
    public void A_protected_snapshot_names_delete_protection_besides_its_buckets()
    {
        var now = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var old = Automatic(1, now.AddDays(-40)) with { DeleteProtected = true };
        var rules = new RetentionSettings(3, 1, new CalendarRetention(0, 0, 3, TimeZoneInfo.Utc));

        var plan = RetentionPolicy.Evaluate([old, Automatic(2, now)], Server, rules, now);

        Assert.Equal(["monthly 2026-10", "delete protection"], plan.Decisions.Single(d => d.Snapshot.Id == 1).Reasons);
    }

    /// <summary>23:30 and 22:30 UTC on Nov 29 are 00:30 on Nov 30 and 23:30 on Nov 29 in Berlin (UTC+1): two days
    /// there, one day in UTC.</summary>
    [Theory]
    [InlineData("UTC", new[] { "daily 2026-11-29" }, new string[0])]
    [InlineData("Europe/Berlin", new[] { "daily 2026-11-30" }, new[] { "daily 2026-11-29" })]
    public void Days_begin_at_midnight_in_the_chosen_time_zone(string zone, string[] lateReasons, string[] earlyReasons)
    {
        var now = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var late = Automatic(1, new DateTimeOffset(2026, 11, 29, 23, 30, 0, TimeSpan.Zero));
        var early = Automatic(2, new DateTimeOffset(2026, 11, 29, 22, 30, 0, TimeSpan.Zero));

        var plan = Calendar([late, early], now, zone, daily: 2);

        Assert.Equal(lateReasons, plan.Decisions.Single(d => d.Snapshot.Id == 1).Reasons.Where(CalendarOracle.IsCalendarReason));
        Assert.Equal(earlyReasons, plan.Decisions.Single(d => d.Snapshot.Id == 2).Reasons.Where(CalendarOracle.IsCalendarReason));
    }

    /// <summary>2026-11-01 03:00 UTC is 23:00 on Oct 31 in New York (daylight saving time ends later that night);
    /// Sunday 2026-11-22 16:00 UTC is Monday 01:00 in Tokyo (UTC+9), the next ISO week there.</summary>
    [Theory]
    [InlineData("UTC", "2026-11-01T03:00:00Z", 0, 2, "monthly 2026-11")]
    [InlineData("America/New_York", "2026-11-01T03:00:00Z", 0, 2, "monthly 2026-10")]
    [InlineData("UTC", "2026-11-22T16:00:00Z", 3, 0, "weekly 2026-W47")]
    [InlineData("Asia/Tokyo", "2026-11-22T16:00:00Z", 3, 0, "weekly 2026-W48")]
    public void Weeks_and_months_begin_at_local_midnight_in_the_chosen_time_zone(string zone, string created, int weekly, int monthly, string expected)
    {
        var now = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var snapshot = Automatic(1, DateTimeOffset.Parse(created, System.Globalization.CultureInfo.InvariantCulture));

        var plan = Calendar([snapshot], now, zone, weekly: weekly, monthly: monthly);

        Assert.Equal([expected], plan.Decisions.Single().Reasons.Where(CalendarOracle.IsCalendarReason));
    }

    /// <summary>2027-01-01 is a Friday in ISO week 53 of 2026; the week's label follows the ISO year, the month's
    /// the calendar year.</summary>
    [Fact]
    public void The_week_around_new_year_is_labelled_with_its_iso_year()
    {
        var now = new DateTimeOffset(2027, 1, 2, 12, 0, 0, TimeSpan.Zero);
        var snapshot = Automatic(1, new DateTimeOffset(2027, 1, 1, 10, 0, 0, TimeSpan.Zero));

        var plan = Calendar([snapshot], now, "UTC", weekly: 1, monthly: 1);

        Assert.Equal(["monthly 2027-01", "weekly 2026-W53"], plan.Decisions.Single().Reasons.Where(CalendarOracle.IsCalendarReason));
    }

    [Fact]
    public void Manual_and_foreign_snapshots_never_fill_a_bucket()
    {
        var now = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var automatic = Automatic(1, now.AddHours(-5));
        var manual = Automatic(2, now.AddHours(-1)) with { Labels = Labels("manual") };
        var foreign = Automatic(3, now.AddHours(-2)) with { CreatedFromServerId = 43 };

        var plan = Calendar([automatic, manual, foreign], now, "UTC", daily: 1);

        Assert.Equal(["daily 2026-11-30"], plan.Decisions.Single(d => d.Snapshot.Id == 1).Reasons.Where(CalendarOracle.IsCalendarReason));
        Assert.Equal(["manual"], plan.Decisions.Single(d => d.Snapshot.Id == 2).Reasons);
        Assert.Equal(["another server"], plan.Decisions.Single(d => d.Snapshot.Id == 3).Reasons);
    }

    private static RetentionPlan Calendar(
        IEnumerable<RetentionCandidate> snapshots, DateTimeOffset now, string zone, int daily = 0, int weekly = 0, int monthly = 0) =>
        RetentionPolicy.Evaluate(snapshots, Server,
            new RetentionSettings(1, 1, new CalendarRetention(daily, weekly, monthly, TimeZoneInfo.FindSystemTimeZoneById(zone))), now);

    private static IReadOnlyList<string> Reasons(RetentionPlan plan, string day) => plan.Decisions.Single(d => Day(d.Snapshot) == day).Reasons;

    private static string Day(RetentionCandidate snapshot) => snapshot.Created.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static RetentionCandidate Automatic(long id, DateTimeOffset created) =>
        new(id, $"snapshot-{id}", created, "available", false, Server, Labels("auto"));

    private static Dictionary<string, string> Labels(string schedule) => new()
    {
        [SnapshotLabels.ManagedByKey] = "panelhost",
        [SnapshotLabels.ScheduleKey] = schedule,
        [SnapshotLabels.ServerKey] = "42",
    };
}
