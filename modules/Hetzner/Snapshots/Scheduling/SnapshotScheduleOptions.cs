using Panel.Modules.Hetzner.Snapshots.Retention;

namespace Panel.Modules.Hetzner.Snapshots.Scheduling;

/// <summary>The choices the Snapshot Settings card offers (CloudPanel's lists) and their defaults.</summary>
internal static class SnapshotScheduleOptions
{
    public const int DefaultFrequencyHours = 12;
    public const int DefaultRetentionDays = 7;
    public const int DefaultKeepNewest = 1;

    /// <summary>At least one: the floor exists so that a broken schedule or an expired token never lets every
    /// automatic snapshot age away, and zero would switch that protection off.</summary>
    public const int MinKeepNewest = 1;
    public const int MaxKeepNewest = 100;

    /// <summary>Upper bounds of the calendar rules (0 switches a rule off): a year of days, two years of weeks, five
    /// years of months. The forecast simulates that far back on every change of the form, so the bounds keep it quick.</summary>
    public const int MaxKeepDaily = 366;
    public const int MaxKeepWeekly = 104;
    public const int MaxKeepMonthly = 60;

    public const string DefaultTimeZone = "UTC";
    public const int MaxTimeZoneLength = 64;

    public static IReadOnlyList<int> FrequencyHours { get; } = [1, 3, 6, 12, 24];

    public static IReadOnlyList<int> RetentionDays { get; } = [1, 3, 7, 14, 21, 30];

    public static string FrequencyLabel(int hours) => hours switch
    {
        1 => "Every hour",
        24 => "Once a day",
        _ => $"Every {hours} hours",
    };

    public static string RetentionLabel(int days) => days == 1 ? "1 day" : $"{days} days";

    /// <summary>The time zone for an IANA id (such as <c>Europe/Berlin</c>), or null when this machine does not know
    /// it as one. Windows ids are refused even where .NET would translate them, so the stored id means the same
    /// everywhere.</summary>
    public static TimeZoneInfo? FindTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxTimeZoneLength)
        {
            return null;
        }

        if (id == DefaultTimeZone)
        {
            return TimeZoneInfo.Utc;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId && zone.Id == id ? zone : null;
    }

    /// <summary>The rules as stored, with any of them replaced by values not saved yet.</summary>
    public static RetentionSettings Retention(
        Data.SettingsRecord saved,
        int? retentionDays = null,
        int? keepNewest = null,
        int? keepDaily = null,
        int? keepWeekly = null,
        int? keepMonthly = null,
        string? timeZone = null)
    {
        ArgumentNullException.ThrowIfNull(saved);
        // A stored zone this machine no longer knows (tzdata removed) counts as UTC rather than stopping pruning.
        var zone = FindTimeZone(timeZone ?? saved.TimeZone) ?? TimeZoneInfo.Utc;
        return new RetentionSettings(
            retentionDays ?? saved.RetentionDays,
            keepNewest ?? saved.KeepNewest,
            new CalendarRetention(keepDaily ?? saved.KeepDaily, keepWeekly ?? saved.KeepWeekly, keepMonthly ?? saved.KeepMonthly, zone));
    }
}
