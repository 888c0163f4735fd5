using System.Globalization;
using Panel.Modules.Hetzner.Snapshots.Mirror;
using Panel.Modules.Hetzner.Snapshots.Retention;
using Panel.Modules.Hetzner.Snapshots.Scheduling;
using Panel.Modules.Hetzner.Snapshots.Server;

namespace Modules.Hetzner.Tests.Retention;

/// <summary>
/// The calendar rules restated independently of <see cref="CalendarRetention"/> (local DateTime arithmetic instead
/// of day numbers and ordinals), so the properties compare the policy with a second reading of the issue's words:
/// the newest available automatic snapshot of this server in each of the last D days, W ISO weeks and M months.
/// </summary>
internal static class CalendarOracle
{
    /// <summary>Every (reason, snapshot id) the calendar rules should produce.</summary>
    public static HashSet<(string Reason, long Id)> Expected(RetentionScenario scenario, IEnumerable<RetentionCandidate> ownAvailable)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(scenario.TimeZone);
        DateTime Local(DateTimeOffset moment) => TimeZoneInfo.ConvertTime(moment, zone).DateTime.Date;
        var today = Local(scenario.Now);
        var candidates = ownAvailable.ToList();
        var expected = new HashSet<(string, long)>();

        void Rule(int count, Func<DateTime, string> label, Func<DateTime, bool> inRange)
        {
            if (count == 0)
            {
                return;
            }

            foreach (var bucket in candidates.Where(s => inRange(Local(s.Created))).GroupBy(s => label(Local(s.Created))))
            {
                var newest = bucket.OrderByDescending(s => s.Created).ThenByDescending(s => s.Id).First();
                expected.Add((bucket.Key, newest.Id));
            }
        }

        static DateTime Monday(DateTime day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        Rule(scenario.KeepDaily, d => "daily " + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            d => (today - d).TotalDays < scenario.KeepDaily);
        Rule(scenario.KeepWeekly, d => $"weekly {ISOWeek.GetYear(d)}-W{ISOWeek.GetWeekOfYear(d).ToString("00", CultureInfo.InvariantCulture)}",
            d => (Monday(today) - Monday(d)).TotalDays / 7 < scenario.KeepWeekly);
        Rule(scenario.KeepMonthly, d => "monthly " + d.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            d => ((today.Year - d.Year) * 12) + today.Month - d.Month < scenario.KeepMonthly);
        return expected;
    }

    public static bool IsCalendarReason(string reason) =>
        reason.StartsWith("daily ", StringComparison.Ordinal)
        || reason.StartsWith("weekly ", StringComparison.Ordinal)
        || reason.StartsWith("monthly ", StringComparison.Ordinal);
}
