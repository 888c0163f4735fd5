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
    DateTimeOffset Now,
    int KeepDaily = 0,
    int KeepWeekly = 0,
    int KeepMonthly = 0,
    string TimeZone = "UTC")
{
    internal IReadOnlyList<RetentionCandidate> Candidates =>
        [.. Snapshots.Select(s => new RetentionCandidate(s.Id, s.Description, s.Created, s.Status, s.DeleteProtected, s.CreatedFromServerId, s.Labels))];

    internal RetentionSettings Settings =>
        new(RetentionDays, KeepNewest, new CalendarRetention(KeepDaily, KeepWeekly, KeepMonthly, TimeZoneInfo.FindSystemTimeZoneById(TimeZone)));

    public override string ToString() =>
        $"server {ServerId}, retention {RetentionDays} d, keep {KeepNewest}, daily {KeepDaily}, weekly {KeepWeekly}, monthly {KeepMonthly} in {TimeZone}, "
        + $"now {Now:O}, {Snapshots.Count} snapshots:\n"
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

    /// <summary>Zones with odd offsets and daylight saving on both hemispheres, so that local days, weeks and
    /// months start at other instants than UTC's.</summary>
    private static readonly string[] TimeZones = ["UTC", "Europe/Berlin", "America/New_York", "Pacific/Chatham", "Asia/Kathmandu", "Australia/Lord_Howe"];

    public static Arbitrary<RetentionScenario> Scenario() => Arb.From(ScenarioGen());

    private static Gen<RetentionScenario> ScenarioGen() =>
        from calendar in Gen.Frequency((1, Gen.Constant(false)), (3, Gen.Constant(true)))
        from count in Gen.Choose(0, 60)
        from snapshots in Gen.ListOf(SnapshotGen(calendar ? 150 : 45), count)
        from retention in Gen.Elements<int>(SnapshotScheduleOptions.RetentionDays)
        from keep in Gen.Choose(0, 6)
        from daily in calendar ? Gen.Choose(0, 14) : Gen.Constant(0)
        from weekly in calendar ? Gen.Choose(0, 8) : Gen.Constant(0)
        from monthly in calendar ? Gen.Choose(0, 6) : Gen.Constant(0)
        from zone in Gen.Elements(TimeZones)
        from nowShiftMinutes in Gen.Choose(0, 40 * 24 * 60)
        select new RetentionScenario(
            [.. snapshots.Select((s, index) => s with { Id = index + 1, Created = s.Created.AddMinutes(nowShiftMinutes) })],
            ServerId, retention, keep, Now.AddMinutes(nowShiftMinutes), daily, weekly, monthly, zone);

    private static Gen<RetentionCandidateData> SnapshotGen(int maxAgeDays) =>
        from ageMinutes in Gen.Choose(0, maxAgeDays * 24 * 60)
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
