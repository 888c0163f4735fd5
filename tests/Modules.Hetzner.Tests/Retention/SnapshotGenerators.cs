using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Panel.Modules.Hetzner.Snapshots.Mirror;
using Panel.Modules.Hetzner.Snapshots.Retention;
using Panel.Modules.Hetzner.Snapshots.Scheduling;

namespace Modules.Hetzner.Tests.Retention;

/// <summary>One retention scenario: a random mix of snapshots around one server, settings and a "now".</summary>
public sealed record RetentionScenario(
    IReadOnlyList<RetentionCandidateData> Snapshots,
    long ServerId,
    int RetentionDays,
    int KeepNewest,
    DateTimeOffset Now)
{
    internal IReadOnlyList<RetentionCandidate> Candidates =>
        [.. Snapshots.Select(s => new RetentionCandidate(s.Id, s.Description, s.Created, s.Status, s.DeleteProtected, s.CreatedFromServerId, s.Labels))];

    internal RetentionSettings Settings => new(RetentionDays, KeepNewest);

    public override string ToString() =>
        $"server {ServerId}, retention {RetentionDays} d, keep {KeepNewest}, now {Now:O}, {Snapshots.Count} snapshots:\n"
        + string.Join("\n", Snapshots);
}

/// <summary>Public twin of <see cref="RetentionCandidate"/>, so FsCheck can print counter-examples.</summary>
public sealed record RetentionCandidateData(
    long Id,
    string Description,
    DateTimeOffset Created,
    string Status,
    bool DeleteProtected,
    long? CreatedFromServerId,
    IReadOnlyDictionary<string, string> Labels)
{
    public override string ToString() =>
        $"#{Id} created {Created:O} {Status}{(DeleteProtected ? " protected" : "")} from {CreatedFromServerId?.ToString(CultureInfo.InvariantCulture) ?? "-"} "
        + "{" + string.Join(", ", Labels.Select(l => $"{l.Key}={l.Value}")) + "}";
}

/// <summary>
/// Generators that deliberately mix near-misses: labels of other tools, wrong label values and case, other servers,
/// manual snapshots, protected and unfinished ones, and ages on both sides of the retention boundary.
/// </summary>
public static class SnapshotGenerators
{
    private const long ServerId = 42;
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    public static Arbitrary<RetentionScenario> Scenario() => Arb.From(ScenarioGen());

    private static Gen<RetentionScenario> ScenarioGen() =>
        from count in Gen.Choose(0, 40)
        from snapshots in Gen.ListOf(SnapshotGen(), count)
        from retention in Gen.Elements<int>(SnapshotScheduleOptions.RetentionDays)
        from keep in Gen.Choose(0, 6)
        select new RetentionScenario(
            [.. snapshots.Select((s, index) => s with { Id = index + 1 })],
            ServerId, retention, keep, Now);

    private static Gen<RetentionCandidateData> SnapshotGen() =>
        from ageMinutes in Gen.Choose(0, 45 * 24 * 60)
        from status in Gen.Frequency((8, Gen.Constant("available")), (1, Gen.Constant("creating")), (1, Gen.Constant("unavailable")))
        from isProtected in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
        from createdFrom in Gen.Frequency((6, Gen.Constant<long?>(ServerId)), (1, Gen.Constant<long?>(ServerId + 1)), (1, Gen.Constant<long?>(null)))
        from labels in LabelsGen()
        select new RetentionCandidateData(0, "snapshot", Now.AddMinutes(-ageMinutes), status, isProtected, createdFrom, labels);

    private static Gen<IReadOnlyDictionary<string, string>> LabelsGen() =>
        from managed in Gen.Elements<string?>("panelhost", "panelhost", "panelhost", "PanelHost", "other-tool", null)
        from schedule in Gen.Elements<string?>("auto", "auto", "auto", "manual", "Auto", null)
        from server in Gen.Elements<string?>("42", "42", "42", "43", "042", null)
        select (IReadOnlyDictionary<string, string>)new[]
            {
                (SnapshotLabels.ManagedByKey, managed),
                (SnapshotLabels.ScheduleKey, schedule),
                (SnapshotLabels.ServerKey, server),
            }
            .Where(l => l.Item2 is not null)
            .ToDictionary(l => l.Item1, l => l.Item2!);
}
