using Panel.Modules.Hetzner.Snapshots.Mirror;
using Panel.Modules.Hetzner.Snapshots.Retention;
using Snapshooter.Xunit;

namespace Modules.Hetzner.Tests.Retention;

/// <summary>The named cases from CloudPanel's failures, and the dry-run report pinned as a snapshot.</summary>
public sealed class RetentionPolicyTests
{
    private const long Server = 42;
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Keeps_manual_foreign_protected_and_recent_snapshots_and_deletes_only_expired_automatic_ones()
    {
        var snapshots = new[]
        {
            Automatic(1, daysOld: 10),
            Automatic(2, daysOld: 8),
            Automatic(3, daysOld: 9, isProtected: true),
            Automatic(4, daysOld: 1),
            Automatic(5, daysOld: 0.5),
            Candidate(6, daysOld: 20, Labels("panelhost", "manual", "42")),
            Candidate(7, daysOld: 20, new Dictionary<string, string>()),
            Candidate(8, daysOld: 20, Labels("panelhost", "auto", "43"), createdFrom: 43),
            Candidate(9, daysOld: 20, Labels("other-tool", "auto", "42")),
            Automatic(10, daysOld: 15, status: "unavailable"),
        };

        var plan = RetentionPolicy.Evaluate(snapshots, Server, new RetentionSettings(7, 1), Now);

        Assert.Equal([1L, 2L], plan.ToDelete.Select(d => d.Snapshot.Id).Order());
        Assert.Equal(RetentionReason.DeleteProtected, Reason(plan, 3));
        Assert.Equal(RetentionReason.WithinRetention, Reason(plan, 4));
        Assert.Equal(RetentionReason.AmongNewest, Reason(plan, 5));
        Assert.Equal(RetentionReason.ManualSnapshot, Reason(plan, 6));
        Assert.Equal(RetentionReason.NotCreatedByPanel, Reason(plan, 7));
        Assert.Equal(RetentionReason.OtherServer, Reason(plan, 8));
        Assert.Equal(RetentionReason.NotCreatedByPanel, Reason(plan, 9));
        Assert.Equal(RetentionReason.NotAvailable, Reason(plan, 10));
    }

    [Fact]
    public void Keeps_the_newest_automatic_snapshots_when_all_are_expired()
    {
        var snapshots = Enumerable.Range(1, 5).Select(i => Automatic(i, daysOld: 30 + i)).ToList();

        var plan = RetentionPolicy.Evaluate(snapshots, Server, new RetentionSettings(7, 2), Now);

        Assert.Equal([1L, 2L], plan.ToKeep.Select(d => d.Snapshot.Id).Order());
        Assert.All(plan.ToKeep, d => Assert.Equal(RetentionReason.AmongNewest, d.Reason));
    }

    [Fact]
    public void The_snapshot_taken_one_retention_period_ago_expires_despite_seconds_of_jitter()
    {
        var almostSevenDays = Automatic(1, daysOld: 7 - (30.0 / 86400));
        var newest = Automatic(2, daysOld: 0);

        var plan = RetentionPolicy.Evaluate([almostSevenDays, newest], Server, new RetentionSettings(7, 1), Now);

        Assert.Equal([1L], plan.ToDelete.Select(d => d.Snapshot.Id));
    }

    [Fact]
    public void Dry_run_report_lists_every_snapshot_with_its_reason()
    {
        var snapshots = new[]
        {
            Automatic(1, daysOld: 10), Automatic(2, daysOld: 3), Automatic(3, daysOld: 12, isProtected: true),
            Candidate(4, daysOld: 40, Labels("panelhost", "manual", "42")), Candidate(5, daysOld: 40, new Dictionary<string, string>()),
        };

        var plan = RetentionPolicy.Evaluate(snapshots, Server, new RetentionSettings(7, 1), Now);

        Snapshot.Match(plan.Decisions.Select(d => new
        {
            d.Snapshot.Id,
            d.Snapshot.Created,
            Verdict = d.Delete ? "delete" : "keep",
            Reason = d.Reason.ToString(),
            d.Explanation,
            d.ExpiresAt,
        }));
    }

    private static RetentionReason Reason(RetentionPlan plan, long id) => plan.Decisions.Single(d => d.Snapshot.Id == id).Reason;

    private static RetentionCandidate Automatic(long id, double daysOld, bool isProtected = false, string status = "available") =>
        Candidate(id, daysOld, Labels("panelhost", "auto", "42"), isProtected: isProtected, status: status);

    private static RetentionCandidate Candidate(
        long id, double daysOld, IReadOnlyDictionary<string, string> labels, long? createdFrom = Server, bool isProtected = false, string status = "available") =>
        new(id, $"snapshot-{id}", Now.AddDays(-daysOld), status, isProtected, createdFrom, labels);

    private static Dictionary<string, string> Labels(string managedBy, string schedule, string server) => new()
    {
        [SnapshotLabels.ManagedByKey] = managedBy,
        [SnapshotLabels.ScheduleKey] = schedule,
        [SnapshotLabels.ServerKey] = server,
    };
}
