using System.Globalization;

namespace Panel.Modules.Hetzner.Snapshots.Retention;

/// <summary>
/// The calendar rules (grandfather-father-son): the newest available automatic snapshot of each of the last
/// <paramref name="KeepDaily"/> days, <paramref name="KeepWeekly"/> ISO weeks and <paramref name="KeepMonthly"/>
/// months, counted in <paramref name="TimeZone"/>. Zero switches a rule off. "The last N days" are today and the
/// N - 1 days before it (likewise weeks and months), so a bucket with no snapshot keeps nothing rather than reaching
/// further back: the newest-N floor is what guards a schedule that stopped.
/// </summary>
internal sealed record CalendarRetention(int KeepDaily, int KeepWeekly, int KeepMonthly, TimeZoneInfo TimeZone)
{
    public static CalendarRetention Off { get; } = new(0, 0, 0, TimeZoneInfo.Utc);

    public bool IsOn => KeepDaily > 0 || KeepWeekly > 0 || KeepMonthly > 0;

    /// <summary>The calendar reasons per snapshot id: each bucket in range names its newest snapshot.</summary>
    /// <param name="newestFirst">This server's available automatic snapshots, newest first.</param>
    /// <param name="now">The moment "today", "this week" and "this month" are taken from.</param>
    public Dictionary<long, List<string>> Reasons(IReadOnlyList<RetentionCandidate> newestFirst, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        var reasons = new Dictionary<long, List<string>>();
        var today = LocalDate(now);
        var rules = new[]
        {
            (Count: KeepMonthly, Key: (Func<DateOnly, (long Ordinal, string Label)>)Month),
            (Count: KeepWeekly, Key: Week),
            (Count: KeepDaily, Key: Day),
        };
        foreach (var (count, key) in rules.Where(r => r.Count > 0))
        {
            var cutoff = key(today).Ordinal - (count - 1);
            var taken = new HashSet<long>();
            foreach (var snapshot in newestFirst)
            {
                var (ordinal, label) = key(LocalDate(snapshot.Created));
                if (ordinal >= cutoff && taken.Add(ordinal))
                {
                    (reasons.TryGetValue(snapshot.Id, out var list) ? list : reasons[snapshot.Id] = []).Add(label);
                }
            }
        }

        return reasons;
    }

    /// <summary>The rules in words, for reports and audit entries.</summary>
    public string Describe() => IsOn
        ? $"calendar {KeepDaily} daily, {KeepWeekly} weekly, {KeepMonthly} monthly ({TimeZone.Id})"
        : "calendar off";

    private DateOnly LocalDate(DateTimeOffset moment) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, TimeZone).DateTime);

    private static (long, string) Day(DateOnly date) =>
        (date.DayNumber, "daily " + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    private static (long, string) Week(DateOnly date)
    {
        var day = date.ToDateTime(TimeOnly.MinValue);
        var year = ISOWeek.GetYear(day);
        var week = ISOWeek.GetWeekOfYear(day);
        // Day number 0 (0001-01-01) is a Monday, so a week's Monday divided by seven numbers the weeks consecutively.
        var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
        return (monday.DayNumber / 7, string.Create(CultureInfo.InvariantCulture, $"weekly {year}-W{week:00}"));
    }

    private static (long, string) Month(DateOnly date) =>
        ((date.Year * 12L) + date.Month - 1, string.Create(CultureInfo.InvariantCulture, $"monthly {date.Year}-{date.Month:00}"));
}
