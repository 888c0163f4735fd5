using Panel.Modules.Hetzner.Snapshots.Mirror;
using Panel.Modules.Hetzner.Snapshots.Retention;
using Panel.Modules.Hetzner.Snapshots.Scheduling;
using Panel.Modules.Hetzner.Snapshots.Server;

namespace Panel.Modules.Hetzner.Data;

/// <summary>The module's single settings row: the encrypted token, the server it was checked against, and the schedule.</summary>
internal sealed class SettingsRecord
{
    public const int SingletonId = 1;

    public int Id { get; set; }

    /// <summary>The token as ASP.NET Core Data Protection ciphertext; the plain token is never stored.</summary>
    public string? ProtectedToken { get; set; }

    public string? TokenMask { get; set; }

    public DateTimeOffset? TokenSavedAt { get; set; }

    public long? ServerId { get; set; }

    public string? ServerName { get; set; }

    public double? ServerDiskGb { get; set; }

    public bool AutomaticEnabled { get; set; }

    public int FrequencyHours { get; set; }

    public int RetentionDays { get; set; }

    public int KeepNewest { get; set; }

    /// <summary>Days whose newest automatic snapshot is kept; 0 is off.</summary>
    public int KeepDaily { get; set; }

    /// <summary>ISO weeks whose newest automatic snapshot is kept; 0 is off.</summary>
    public int KeepWeekly { get; set; }

    /// <summary>Months whose newest automatic snapshot is kept; 0 is off.</summary>
    public int KeepMonthly { get; set; }

    /// <summary>The IANA time zone the calendar rules count days, weeks and months in.</summary>
    public string TimeZone { get; set; } = SnapshotScheduleOptions.DefaultTimeZone;

    /// <summary>When the schedule last started afresh (switched on, another frequency, another server): the dead man's
    /// switch counts its allowance from here when no snapshot has succeeded since. Not moved by other changes.</summary>
    public DateTimeOffset? UpdatedAt { get; set; }
}
