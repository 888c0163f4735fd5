using Panel.Modules.Hetzner.Snapshots.Retention;

namespace Panel.Modules.Hetzner.Data;

/// <summary>
/// The prune's journal: one row per snapshot a prune set out to delete, written before the delete is sent and
/// updated after Hetzner's answer, so that a panel killed mid-prune knows on restart what was in flight and
/// which deletions still lack their event. The rows of a prune are removed when it finishes.
/// </summary>
internal sealed class SnapshotDeletionRecord
{
    public long Id { get; set; }

    public long ImageId { get; set; }

    /// <summary>The automatic run whose prune this is; null for a prune the admin started.</summary>
    public long? RunId { get; set; }

    public string Description { get; set; } = "";

    public DateTimeOffset Created { get; set; }

    public RetentionReason Reason { get; set; }

    public string Explanation { get; set; } = "";

    public DeletionStatus Status { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }
}

internal enum DeletionStatus
{
    /// <summary>The delete is (or was, when the panel stopped) on its way to Hetzner: the outcome is unknown.</summary>
    InFlight,

    /// <summary>Hetzner confirmed it is gone; the event is not written yet.</summary>
    Deleted,

    /// <summary>Gone and recorded on the Events page.</summary>
    Audited,
}
