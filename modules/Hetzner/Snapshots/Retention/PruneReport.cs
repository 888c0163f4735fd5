using Panel.Modules.Hetzner.Snapshots.Mirror;
using Panel.Modules.Hetzner.Snapshots.Scheduling;

namespace Panel.Modules.Hetzner.Snapshots.Retention;

/// <summary>The outcome of a prune, or what a dry run would do. Every snapshot of the server is in exactly one of
/// <see cref="Delete"/>, <see cref="Keep"/> and <see cref="Failed"/>, each with its reason.</summary>
/// <param name="DryRun">True when nothing was deleted.</param>
/// <param name="EvaluatedAt">The "now" the retention period was measured from.</param>
/// <param name="SnapshotsAsOf">When the snapshot list was read from Hetzner.</param>
/// <param name="RetentionDays">The retention period applied.</param>
/// <param name="KeepNewest">The minimum number of newest automatic snapshots kept.</param>
/// <param name="Delete">Deleted (or, in a dry run, to be deleted).</param>
/// <param name="Keep">Kept, with the reason.</param>
/// <param name="Failed">Deletes Hetzner refused; they are tried again at the next prune.</param>
internal sealed record PruneReport(
    bool DryRun,
    DateTimeOffset EvaluatedAt,
    DateTimeOffset? SnapshotsAsOf,
    int RetentionDays,
    int KeepNewest,
    IReadOnlyList<PruneEntry> Delete,
    IReadOnlyList<PruneEntry> Keep,
    IReadOnlyList<PruneFailure> Failed)
{
    public string CountsText =>
        $"{Delete.Count} deleted, {Keep.Count} kept, {Failed.Count} failed (retention {SnapshotScheduleOptions.RetentionLabel(RetentionDays)}, newest {KeepNewest} always kept)";
}

internal sealed record PruneEntry(
    long Id,
    string Description,
    DateTimeOffset Created,
    bool Automatic,
    RetentionReason Reason,
    string Explanation,
    DateTimeOffset? ExpiresAt)
{
    public static PruneEntry From(RetentionDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var snapshot = decision.Snapshot;
        return new PruneEntry(snapshot.Id, snapshot.Description, snapshot.Created,
            SnapshotLabels.IsAutomatic(snapshot.Labels), decision.Reason, decision.Explanation, decision.ExpiresAt);
    }
}

internal sealed record PruneFailure(long Id, string Description, string Error);
