using System.Text.Json.Serialization;
using Panel.Modules.Hetzner.Snapshots.Mirror;
using Panel.Modules.Hetzner.Snapshots.Scheduling;

namespace Panel.Modules.Hetzner.Snapshots.Retention;

/// <summary>What retention needs to know about one snapshot.</summary>
internal sealed record RetentionCandidate(
    long Id,
    string Description,
    DateTimeOffset Created,
    string Status,
    bool DeleteProtected,
    long? CreatedFromServerId,
    IReadOnlyDictionary<string, string> Labels);

/// <summary>The rules: age and newest-N as CloudPanel has them, and the optional calendar rules.</summary>
internal sealed record RetentionSettings(int RetentionDays, int KeepNewest, CalendarRetention? Calendar = null)
{
    public CalendarRetention CalendarRules => Calendar ?? CalendarRetention.Off;
}

[JsonConverter(typeof(JsonStringEnumConverter<RetentionReason>))]
internal enum RetentionReason
{
    NotCreatedByPanel,
    ManualSnapshot,
    OtherServer,
    NotAvailable,
    DeleteProtected,
    AmongNewest,
    WithinRetention,
    CalendarBucket,
    Expired,
}

/// <summary>The verdict on one snapshot. <see cref="ExpiresAt"/> is set for this server's automatic snapshots.
/// <see cref="Reasons"/> names every rule that keeps it (<c>monthly 2026-10</c>, <c>weekly 2026-W47</c>,
/// <c>daily 2026-11-29</c>, <c>newest 3</c>, <c>younger than 7 days</c>, <c>delete protection</c>, or why the
/// snapshot is not pruning's to decide); empty for a snapshot to delete.</summary>
internal sealed record RetentionDecision(
    RetentionCandidate Snapshot,
    bool Delete,
    RetentionReason Reason,
    string Explanation,
    DateTimeOffset? ExpiresAt,
    IReadOnlyList<string> Reasons);

internal sealed record RetentionPlan(IReadOnlyList<RetentionDecision> Decisions)
{
    public IEnumerable<RetentionDecision> ToDelete => Decisions.Where(d => d.Delete);

    public IEnumerable<RetentionDecision> ToKeep => Decisions.Where(d => !d.Delete);
}

/// <summary>
/// Decides which snapshots pruning deletes. Pure: the same input always gives the same plan, so the dry run,
/// the preview and the real prune agree, and property tests can check the rules over random input.
/// A snapshot is deleted only when every one of these holds: the panel created it automatically for this server
/// (labels and <c>created_from</c> agree), it is available, it is not delete-protected, it is not among the newest
/// <see cref="RetentionSettings.KeepNewest"/> available automatic snapshots, it is older than the retention period,
/// and no calendar rule (<see cref="CalendarRetention"/>) keeps it as the newest of its day, week or month.
/// </summary>
internal static class RetentionPolicy
{
    /// <summary>A snapshot counts as expired this much early, so the one taken exactly one retention period ago is
    /// removed by the run that replaces it despite seconds of jitter between runs.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);

    public static RetentionPlan Evaluate(
        IEnumerable<RetentionCandidate> snapshots, long serverId, RetentionSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(settings);

        var all = snapshots.ToList();
        var retention = TimeSpan.FromDays(settings.RetentionDays);
        var ownNewestFirst = all
            .Where(s => IsOwnAutomatic(s, serverId) && IsAvailable(s))
            .OrderByDescending(s => s.Created)
            .ThenByDescending(s => s.Id)
            .ToList();
        var newest = ownNewestFirst.Take(Math.Max(0, settings.KeepNewest)).Select(s => s.Id).ToHashSet();
        var calendar = settings.CalendarRules.Reasons(ownNewestFirst, now);

        var decisions = all
            .OrderByDescending(s => s.Created)
            .ThenByDescending(s => s.Id)
            .Select(s => Decide(s, serverId, settings, retention, newest, calendar, now))
            .ToList();
        return new RetentionPlan(decisions);
    }

    private static RetentionDecision Decide(
        RetentionCandidate snapshot,
        long serverId,
        RetentionSettings settings,
        TimeSpan retention,
        HashSet<long> newest,
        Dictionary<long, List<string>> calendar,
        DateTimeOffset now)
    {
        if (!SnapshotLabels.IsManagedByPanel(snapshot.Labels))
        {
            return Keep(snapshot, RetentionReason.NotCreatedByPanel, "Not created by this panel.", null, ["not made by this panel"]);
        }

        if (!SnapshotLabels.IsAutomatic(snapshot.Labels))
        {
            return Keep(snapshot, RetentionReason.ManualSnapshot, "Manual snapshot: never deleted automatically.", null, ["manual"]);
        }

        if (!SnapshotLabels.IsForServer(snapshot.Labels, serverId) || snapshot.CreatedFromServerId != serverId)
        {
            return Keep(snapshot, RetentionReason.OtherServer, "Belongs to another server.", null, ["another server"]);
        }

        var expiresAt = snapshot.Created + retention;
        if (!IsAvailable(snapshot))
        {
            return Keep(snapshot, RetentionReason.NotAvailable, $"Status is {snapshot.Status}, not available.", expiresAt, [$"status {snapshot.Status}"]);
        }

        var retentionLabel = SnapshotScheduleOptions.RetentionLabel(settings.RetentionDays);
        var isNewest = newest.Contains(snapshot.Id);
        var isYoung = snapshot.Created > now - retention + Grace;
        List<string> reasons = [.. calendar.GetValueOrDefault(snapshot.Id) ?? []];
        if (isNewest)
        {
            reasons.Add($"newest {settings.KeepNewest}");
        }

        if (isYoung)
        {
            reasons.Add($"younger than {retentionLabel}");
        }

        if (snapshot.DeleteProtected)
        {
            reasons.Add("delete protection");
            return Keep(snapshot, RetentionReason.DeleteProtected, "Delete protection is on.", expiresAt, reasons);
        }

        if (isNewest)
        {
            var explanation = settings.KeepNewest == 1
                ? "The newest automatic snapshot is always kept."
                : $"Among the newest {settings.KeepNewest} automatic snapshots, which are always kept.";
            return Keep(snapshot, RetentionReason.AmongNewest, explanation, expiresAt, reasons);
        }

        if (isYoung)
        {
            return Keep(snapshot, RetentionReason.WithinRetention,
                $"Younger than the retention period of {retentionLabel}.", expiresAt, reasons);
        }

        if (reasons.Count > 0)
        {
            return Keep(snapshot, RetentionReason.CalendarBucket,
                $"The newest automatic snapshot of its day, week or month, which the calendar rules keep ({string.Join(", ", reasons)}).",
                expiresAt, reasons);
        }

        return new RetentionDecision(snapshot, Delete: true, RetentionReason.Expired,
            $"Automatic snapshot older than the retention period of {retentionLabel}"
            + (settings.CalendarRules.IsOn ? " and not the newest of a kept day, week or month." : "."),
            expiresAt, []);
    }

    private static bool IsOwnAutomatic(RetentionCandidate snapshot, long serverId) =>
        SnapshotLabels.IsAutomatic(snapshot.Labels)
        && SnapshotLabels.IsForServer(snapshot.Labels, serverId)
        && snapshot.CreatedFromServerId == serverId;

    private static bool IsAvailable(RetentionCandidate snapshot) => snapshot.Status == "available";

    private static RetentionDecision Keep(
        RetentionCandidate snapshot, RetentionReason reason, string explanation, DateTimeOffset? expiresAt, IReadOnlyList<string> reasons) =>
        new(snapshot, Delete: false, reason, explanation, expiresAt, reasons);
}
