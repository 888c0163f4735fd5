using FsCheck.Xunit;
using Panel.Modules.Hetzner.Snapshots.Mirror;
using Panel.Modules.Hetzner.Snapshots.Retention;
using Panel.Modules.Hetzner.Snapshots.Scheduling;
using Panel.Modules.Hetzner.Snapshots.Secrets;
using Panel.Modules.Hetzner.Snapshots.Server;

namespace Modules.Hetzner.Tests.Retention;

/// <summary>The rules of issue 4, section 5, checked over random sets of snapshots.</summary>
[Properties(Arbitrary = [typeof(SnapshotGenerators)], MaxTest = 300)]
public sealed class RetentionPolicyProperties
{
    [Property]
    public bool Deletes_only_automatic_snapshots_this_panel_made_for_this_server(RetentionScenario scenario) =>
        Deleted(scenario).All(s => IsOwnAutomatic(scenario, s));

    [Property]
    public bool Never_deletes_a_protected_or_unfinished_snapshot(RetentionScenario scenario) =>
        Deleted(scenario).All(s => !s.DeleteProtected && s.Status == "available");

    [Property]
    public bool Never_deletes_a_snapshot_younger_than_the_retention_period_less_the_grace(RetentionScenario scenario) =>
        Deleted(scenario).All(s => s.Created <= scenario.Now - TimeSpan.FromDays(scenario.RetentionDays) + RetentionPolicy.Grace);

    [Property]
    public bool Keeps_the_newest_N_available_automatic_snapshots_of_this_server(RetentionScenario scenario) =>
        !NewestAutomatic(scenario).Intersect(Deleted(scenario).Select(s => s.Id)).Any();

    [Property]
    public bool Decides_every_snapshot_exactly_once(RetentionScenario scenario)
    {
        var plan = Evaluate(scenario);
        return plan.Decisions.Select(d => d.Snapshot.Id).Order().SequenceEqual(scenario.Candidates.Select(s => s.Id).Order());
    }

    /// <summary>The other direction, against the rules restated independently: nothing that meets every rule is
    /// left behind, and nothing else is deleted.</summary>
    [Property]
    public bool Deletes_exactly_the_snapshots_that_meet_every_rule(RetentionScenario scenario)
    {
        var newest = NewestAutomatic(scenario).ToHashSet();
        var inBucket = CalendarOracle.Expected(scenario, OwnAvailable(scenario)).Select(b => b.Id).ToHashSet();
        var expected = scenario.Candidates
            .Where(s => IsOwnAutomatic(scenario, s) && s.Status == "available" && !s.DeleteProtected && !newest.Contains(s.Id)
                && s.Created <= scenario.Now - TimeSpan.FromDays(scenario.RetentionDays) + RetentionPolicy.Grace
                && !inBucket.Contains(s.Id))
            .Select(s => s.Id)
            .Order();
        return Deleted(scenario).Select(s => s.Id).Order().SequenceEqual(expected);
    }

    [Property]
    public bool Pruning_again_deletes_nothing_more(RetentionScenario scenario)
    {
        var kept = Evaluate(scenario).ToKeep.Select(d => d.Snapshot).ToList();
        return !RetentionPolicy.Evaluate(kept, scenario.ServerId, scenario.Settings, scenario.Now).ToDelete.Any();
    }

    [Property]
    public bool Every_kept_snapshot_has_a_reason(RetentionScenario scenario) =>
        Evaluate(scenario).ToKeep.All(d => d.Reasons.Count > 0 && d.Reasons.All(r => r.Length > 0));

    [Property]
    public bool A_deleted_snapshot_has_no_reason_to_be_kept(RetentionScenario scenario) =>
        Evaluate(scenario).ToDelete.All(d => d.Reasons.Count == 0);

    /// <summary>Each day, week and month in range names exactly its newest snapshot, and nothing else carries a
    /// calendar reason.</summary>
    [Property]
    public bool Each_bucket_keeps_exactly_its_newest(RetentionScenario scenario)
    {
        var actual = Evaluate(scenario).Decisions
            .SelectMany(d => d.Reasons.Where(CalendarOracle.IsCalendarReason).Select(r => (r, d.Snapshot.Id)))
            .ToHashSet();
        return actual.SetEquals(CalendarOracle.Expected(scenario, OwnAvailable(scenario)));
    }

    [Property]
    public bool Kept_reasons_name_the_rules_that_apply(RetentionScenario scenario)
    {
        var newest = NewestAutomatic(scenario).ToHashSet();
        var young = $"younger than {SnapshotScheduleOptions.RetentionLabel(scenario.RetentionDays)}";
        return Evaluate(scenario).Decisions.Where(d => IsOwnAutomatic(scenario, d.Snapshot) && d.Snapshot.Status == "available").All(d =>
            d.Reasons.Contains($"newest {scenario.KeepNewest}") == newest.Contains(d.Snapshot.Id)
            && d.Reasons.Contains("delete protection") == d.Snapshot.DeleteProtected
            && d.Reasons.Contains(young) == (d.Snapshot.Created > scenario.Now - TimeSpan.FromDays(scenario.RetentionDays) + RetentionPolicy.Grace));
    }

    private static IEnumerable<RetentionCandidate> OwnAvailable(RetentionScenario scenario) =>
        scenario.Candidates.Where(s => IsOwnAutomatic(scenario, s) && s.Status == "available");

    private static bool IsOwnAutomatic(RetentionScenario scenario, RetentionCandidate s) =>
        s.Labels.TryGetValue(SnapshotLabels.ManagedByKey, out var managedBy) && managedBy == "panelhost"
        && s.Labels.TryGetValue(SnapshotLabels.ScheduleKey, out var schedule) && schedule == "auto"
        && s.Labels.TryGetValue(SnapshotLabels.ServerKey, out var server) && server == "42"
        && s.CreatedFromServerId == scenario.ServerId;

    private static IEnumerable<long> NewestAutomatic(RetentionScenario scenario) =>
        scenario.Candidates
            .Where(s => IsOwnAutomatic(scenario, s) && s.Status == "available")
            .OrderByDescending(s => s.Created).ThenByDescending(s => s.Id)
            .Take(scenario.KeepNewest)
            .Select(s => s.Id);

    private static RetentionPlan Evaluate(RetentionScenario scenario) =>
        RetentionPolicy.Evaluate(scenario.Candidates, scenario.ServerId, scenario.Settings, scenario.Now);

    private static IEnumerable<RetentionCandidate> Deleted(RetentionScenario scenario) =>
        Evaluate(scenario).ToDelete.Select(d => d.Snapshot);
}
