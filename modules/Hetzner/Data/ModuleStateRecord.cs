namespace Panel.Modules.Hetzner.Data;

/// <summary>The module's single state row: when the next automatic snapshot is due, how fresh the local mirror
/// is, the cached snapshot price, the last reading of the server's Hetzner Backups, and what the dead man's switch
/// last said.</summary>
internal sealed class ModuleStateRecord
{
    public const int SingletonId = 1;

    public int Id { get; set; }

    public DateTimeOffset? NextDueAt { get; set; }

    public DateTimeOffset? MirrorRefreshedAt { get; set; }

    public string? MirrorError { get; set; }

    public DateTimeOffset? MirrorErrorAt { get; set; }

    public decimal? PricePerGbMonth { get; set; }

    public string? PriceCurrency { get; set; }

    public DateTimeOffset? PriceFetchedAt { get; set; }

    /// <summary>When the server's Hetzner Backups were last read (null: never); the backup fields are that reading.</summary>
    public DateTimeOffset? BackupsCheckedAt { get; set; }

    /// <summary>Hetzner's daily backup window ("22-02", UTC hours); null while Backups are off.</summary>
    public string? BackupWindow { get; set; }

    public int? BackupCount { get; set; }

    public DateTimeOffset? NewestBackupAt { get; set; }

    public DateTimeOffset? OldestBackupAt { get; set; }

    /// <summary>The server's own monthly price (gross), which Backups cost a percentage of.</summary>
    public decimal? BackupServerMonthlyPrice { get; set; }

    public decimal? BackupPercentage { get; set; }

    public string? BackupPriceCurrency { get; set; }

    /// <summary>When the dead man's switch last sent its alert for the condition that still holds; null when none holds.
    /// Kept here so that a restart neither repeats an alert of the same day nor forgets to send the recovery.</summary>
    public DateTimeOffset? WatchdogAlertedAt { get; set; }
}
