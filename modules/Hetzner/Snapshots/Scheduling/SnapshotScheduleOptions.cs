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

    public static IReadOnlyList<int> FrequencyHours { get; } = [1, 3, 6, 12, 24];

    public static IReadOnlyList<int> RetentionDays { get; } = [1, 3, 7, 14, 21, 30];

    public static string FrequencyLabel(int hours) => hours switch
    {
        1 => "Every hour",
        24 => "Once a day",
        _ => $"Every {hours} hours",
    };

    public static string RetentionLabel(int days) => days == 1 ? "1 day" : $"{days} days";
}
