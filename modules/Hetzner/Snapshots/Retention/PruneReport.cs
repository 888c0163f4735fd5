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
/// <param name="KeepDaily">Days whose newest automatic snapshot is kept (0: off).</param>
/// <param name="KeepWeekly">ISO weeks whose newest automatic snapshot is kept (0: off).</param>
/// <param name="KeepMonthly">Months whose newest automatic snapshot is kept (0: off).</param>
/// <param name="TimeZone">The IANA time zone days, weeks and months are counted in.</param>
/// <param name="Delete">Deleted (or, in a dry run, to be deleted).</param>
/// <param name="Keep">Kept, with the reason.</param>
/// <param name="Failed">Deletes Hetzner refused; they are tried again at the next prune.</param>
internal sealed record PruneReport(
    bool DryRun,
    DateTimeOffset EvaluatedAt,
    DateTimeOffset? SnapshotsAsOf,
    int RetentionDays,
    int KeepNewest,
    int KeepDaily,
    int KeepWeekly,
    int KeepMonthly,
    string TimeZone,
    IReadOnlyList<PruneEntry> Delete,
    IReadOnlyList<PruneEntry> Keep,
    IReadOnlyList<PruneFailure> Failed)
{
    /// <summary>For a forecast of a scheduled run's prune (<c>PreviewPruneQuery</c> with a run): when that run is due
    /// (or now, when it is overdue). Its own new snapshot is counted in the decision but not listed in
    /// <see cref="Keep"/>. Null for a prune now and for a real prune.</summary>
    public DateTimeOffset? ScheduledRun { get; init; }

    /// <summary>True when <see cref="ScheduledRun"/> is an automatic run already under way (its prune follows its
    /// snapshot within minutes), not the schedule's next slot.</summary>
    public bool RunUnderWay { get; init; }

    public string CountsText =>
        $"{Delete.Count} deleted, {Keep.Count(e => e.Automatic)} automatic kept, {Failed.Count} failed (retention {SnapshotScheduleOptions.RetentionLabel(RetentionDays)}, newest {KeepNewest} always kept"
        + (KeepDaily + KeepWeekly + KeepMonthly > 0 ? $", newest of {KeepDaily} days, {KeepWeekly} weeks and {KeepMonthly} months in {TimeZone}" : "")
        + ")";

    /// <summary>A report of <paramref name="plan"/>, with the rules it was made under.</summary>
    public static PruneReport Of(
        bool dryRun,
        DateTimeOffset evaluatedAt,
        DateTimeOffset? snapshotsAsOf,
        RetentionSettings settings,
        RetentionPlan plan,
        IReadOnlyList<PruneEntry> deleted,
        IReadOnlyList<PruneFailure> failed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(plan);
        var calendar = settings.CalendarRules;
        return new PruneReport(dryRun, evaluatedAt, snapshotsAsOf, settings.RetentionDays, settings.KeepNewest,
            calendar.KeepDaily, calendar.KeepWeekly, calendar.KeepMonthly, calendar.TimeZone.Id,
            deleted, [.. plan.ToKeep.Select(PruneEntry.From)], failed);
    }
}

internal sealed record PruneEntry(
    long Id,
    string Description,
    DateTimeOffset Created,
    bool Automatic,
    RetentionReason Reason,
    string Explanation,
    DateTimeOffset? ExpiresAt,
    IReadOnlyList<string> Reasons)
{
    public static PruneEntry From(RetentionDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var snapshot = decision.Snapshot;
        return new PruneEntry(snapshot.Id, snapshot.Description, snapshot.Created,
            SnapshotLabels.IsAutomatic(snapshot.Labels), decision.Reason, decision.Explanation, decision.ExpiresAt, decision.Reasons);
    }
}

internal sealed record PruneFailure(long Id, string Description, string Error);
