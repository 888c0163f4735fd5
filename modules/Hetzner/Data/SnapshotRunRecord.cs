using System.Text.Json.Serialization;

namespace Panel.Modules.Hetzner.Data;

/// <summary>
/// One snapshot run, manual or automatic: the run history and, while <see cref="RunStatus.Pending"/> or
/// <see cref="RunStatus.Creating"/>, the persisted "run in progress" marker that keeps two runs from overlapping
/// and lets a restarted panel resume waiting instead of creating a second snapshot.
/// </summary>
internal sealed class SnapshotRunRecord
{
    public long Id { get; set; }

    public RunKind Kind { get; set; }

    public RunStatus Status { get; set; }

    public string Description { get; set; } = "";

    /// <summary>Value of the run label (<c>panelhost.io/run</c>) put on the snapshot, so an interrupted create can be found again.</summary>
    public string RequestKey { get; set; } = "";

    public long? ImageId { get; set; }

    public long? ActionId { get; set; }

    public int Progress { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public string? Error { get; set; }

    public int? PrunedCount { get; set; }

    public int? PruneFailedCount { get; set; }

    public string? PruneError { get; set; }

    /// <summary>Where the prune after an automatic run stands; null when no prune follows the run (manual or
    /// failed runs). <see cref="Data.PruneStatus.Pending"/> outlives a crash, so a restart resumes it.</summary>
    public PruneStatus? PruneStatus { get; set; }

    public bool IsActive => Status is RunStatus.Pending or RunStatus.Creating;
}

[JsonConverter(typeof(JsonStringEnumConverter<RunKind>))]
internal enum RunKind
{
    Manual,
    Automatic,
}

[JsonConverter(typeof(JsonStringEnumConverter<RunStatus>))]
internal enum RunStatus
{
    /// <summary>Requested; nothing sent to Hetzner yet (or the answer to the create was lost).</summary>
    Pending,

    /// <summary>Hetzner accepted the create; the image id and action id are recorded.</summary>
    Creating,
    Succeeded,
    Failed,
}

[JsonConverter(typeof(JsonStringEnumConverter<PruneStatus>))]
internal enum PruneStatus
{
    /// <summary>Due or under way (also after a crash: the next scheduler pass resumes it).</summary>
    Pending,

    /// <summary>Finished; every refused delete is counted in <see cref="SnapshotRunRecord.PruneFailedCount"/>.</summary>
    Done,

    /// <summary>Could not run (the list could not be read); the next automatic run prunes again.</summary>
    Failed,
}
