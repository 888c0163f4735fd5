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

internal sealed record RetentionSettings(int RetentionDays, int KeepNewest);

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
    Expired,
}

/// <summary>The verdict on one snapshot. <see cref="ExpiresAt"/> is set for this server's automatic snapshots.</summary>
internal sealed record RetentionDecision(
    RetentionCandidate Snapshot,
    bool Delete,
    RetentionReason Reason,
    string Explanation,
    DateTimeOffset? ExpiresAt);

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
/// <see cref="RetentionSettings.KeepNewest"/> available automatic snapshots, and it is older than the retention period.
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
        var newest = all
            .Where(s => IsOwnAutomatic(s, serverId) && IsAvailable(s))
            .OrderByDescending(s => s.Created)
            .ThenByDescending(s => s.Id)
            .Take(Math.Max(0, settings.KeepNewest))
            .Select(s => s.Id)
            .ToHashSet();

        var decisions = all
            .OrderByDescending(s => s.Created)
            .ThenByDescending(s => s.Id)
            .Select(s => Decide(s, serverId, settings, retention, newest, now))
            .ToList();
        return new RetentionPlan(decisions);
    }

    private static RetentionDecision Decide(
        RetentionCandidate snapshot,
        long serverId,
        RetentionSettings settings,
        TimeSpan retention,
        HashSet<long> newest,
        DateTimeOffset now)
    {
        if (!SnapshotLabels.IsManagedByPanel(snapshot.Labels))
        {
            return Keep(snapshot, RetentionReason.NotCreatedByPanel, "Not created by this panel.", null);
        }

        if (!SnapshotLabels.IsAutomatic(snapshot.Labels))
        {
            return Keep(snapshot, RetentionReason.ManualSnapshot, "Manual snapshot: never deleted automatically.", null);
        }

        if (!SnapshotLabels.IsForServer(snapshot.Labels, serverId) || snapshot.CreatedFromServerId != serverId)
        {
            return Keep(snapshot, RetentionReason.OtherServer, "Belongs to another server.", null);
        }

        var expiresAt = snapshot.Created + retention;
        if (!IsAvailable(snapshot))
        {
            return Keep(snapshot, RetentionReason.NotAvailable, $"Status is {snapshot.Status}, not available.", expiresAt);
        }

        if (snapshot.DeleteProtected)
        {
            return Keep(snapshot, RetentionReason.DeleteProtected, "Delete protection is on.", expiresAt);
        }

        if (newest.Contains(snapshot.Id))
        {
            var explanation = settings.KeepNewest == 1
                ? "The newest automatic snapshot is always kept."
                : $"Among the newest {settings.KeepNewest} automatic snapshots, which are always kept.";
            return Keep(snapshot, RetentionReason.AmongNewest, explanation, expiresAt);
        }

        if (snapshot.Created > now - retention + Grace)
        {
            return Keep(snapshot, RetentionReason.WithinRetention,
                $"Younger than the retention period of {SnapshotScheduleOptions.RetentionLabel(settings.RetentionDays)}.", expiresAt);
        }

        return new RetentionDecision(snapshot, Delete: true, RetentionReason.Expired,
            $"Automatic snapshot older than the retention period of {SnapshotScheduleOptions.RetentionLabel(settings.RetentionDays)}.",
            expiresAt);
    }

    private static bool IsOwnAutomatic(RetentionCandidate snapshot, long serverId) =>
        SnapshotLabels.IsAutomatic(snapshot.Labels)
        && SnapshotLabels.IsForServer(snapshot.Labels, serverId)
        && snapshot.CreatedFromServerId == serverId;

    private static bool IsAvailable(RetentionCandidate snapshot) => snapshot.Status == "available";

    private static RetentionDecision Keep(
        RetentionCandidate snapshot, RetentionReason reason, string explanation, DateTimeOffset? expiresAt) =>
        new(snapshot, Delete: false, reason, explanation, expiresAt);
}
