using Hetzner.Simulator;
using Microsoft.EntityFrameworkCore;
using Modules.Hetzner.Tests.Support;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Features.RefreshSnapshots;
using Panel.Modules.Hetzner.Features.SaveSnapshotSettings;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Snapshots.Retention;

namespace Modules.Hetzner.Tests.Features;

/// <summary>The first scheduler pass of a panel restarted on a prune journal left by a crash: what Hetzner says
/// decides each interrupted delete, every deletion gets its event, and the prune is finished under the policy.</summary>
public sealed class InterruptedPruneTests
{
    [Fact]
    public async Task The_prune_of_an_automatic_run_is_settled_against_Hetzner_and_finished_by_the_first_pass()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        var now = DateTimeOffset.UtcNow;
        var inFlightDone = simulator.State.AddImage(new SeedImage(42, "auto-in-flight-done", now.AddDays(-20), Auto.Labels("42")));
        var deletedUnrecorded = simulator.State.AddImage(new SeedImage(42, "auto-deleted-unrecorded", now.AddDays(-19), Auto.Labels("42")));
        var expiredLeft = simulator.State.AddImage(new SeedImage(42, "auto-expired-left", now.AddDays(-15), Auto.Labels("42")));
        var inFlightYoung = simulator.State.AddImage(new SeedImage(42, "auto-in-flight-young", now.AddDays(-3), Auto.Labels("42")));
        var newest = simulator.State.AddImage(new SeedImage(42, "auto-newest", now.AddDays(-1), Auto.Labels("42")));
        await module.SaveTokenAsync();
        await module.SendAsync(new SaveSnapshotSettingsCommand(false, 12, 7, 1));
        await module.SendAsync(new RefreshSnapshotsCommand());
        var runId = await module.QueryDbAsync(async db =>
        {
            var run = new SnapshotRunRecord
            {
                Kind = RunKind.Automatic,
                Status = RunStatus.Succeeded,
                PruneStatus = PruneStatus.Pending,
                Description = "demo-server-before-the-crash",
                RequestKey = "before-the-crash",
                RequestedAt = now.AddMinutes(-5),
                FinishedAt = now.AddMinutes(-4),
            };
            db.Runs.Add(run);
            await db.SaveChangesAsync();
            // The journal as a crash leaves it: one delete Hetzner carried out, one it never got (and that a
            // re-decision keeps), and one confirmed whose event was not written yet.
            db.Deletions.AddRange(
                Journal(inFlightDone, run.Id, DeletionStatus.InFlight, now),
                Journal(inFlightYoung, run.Id, DeletionStatus.InFlight, now),
                Journal(deletedUnrecorded, run.Id, DeletionStatus.Deleted, now));
            await db.SaveChangesAsync();
            return run.Id;
        });
        await simulator.DeleteImageAsync(inFlightDone);
        await simulator.DeleteImageAsync(deletedUnrecorded);

        await module.RunSchedulerPassAsync();

        Assert.Equal(new[] { inFlightYoung, newest }.Order(), simulator.State.Images.Select(i => i.Id).Order());
        var deletions = module.Audit.Events.Where(e => e.Code == AuditCodes.SnapshotPruneDelete).Select(e => e.Details).ToList();
        Assert.Equal(3, deletions.Count);
        Assert.Contains(deletions, d => d.Contains($"({inFlightDone})", StringComparison.Ordinal) && d.Contains("after the panel restarted", StringComparison.Ordinal));
        Assert.Contains(deletions, d => d.Contains($"({deletedUnrecorded})", StringComparison.Ordinal) && d.Contains("after the panel restarted", StringComparison.Ordinal));
        Assert.Contains(deletions, d => d.Contains($"({expiredLeft})", StringComparison.Ordinal));
        Assert.DoesNotContain(deletions, d => d.Contains($"({inFlightYoung})", StringComparison.Ordinal));
        var finished = await module.QueryDbAsync(db => db.Runs.AsNoTracking().SingleAsync(r => r.Id == runId));
        Assert.Equal((PruneStatus.Done, 3, 0), (finished.PruneStatus!.Value, finished.PrunedCount!.Value, finished.PruneFailedCount!.Value));
        Assert.Equal(0, await module.QueryDbAsync(db => db.Deletions.CountAsync()));
        Assert.Equal(new[] { inFlightYoung, newest }.Order(), await module.QueryDbAsync(db => db.Snapshots.Select(s => s.Id).OrderBy(id => id).ToListAsync()));
    }

    [Fact]
    public async Task An_admin_prune_interrupted_by_a_crash_is_done_again_once_and_its_deletion_recorded()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        var now = DateTimeOffset.UtcNow;
        var inFlightDone = simulator.State.AddImage(new SeedImage(42, "auto-in-flight-done", now.AddDays(-20), Auto.Labels("42")));
        var expiredLeft = simulator.State.AddImage(new SeedImage(42, "auto-expired-left", now.AddDays(-15), Auto.Labels("42")));
        simulator.State.AddImage(new SeedImage(42, "auto-newest", now.AddDays(-1), Auto.Labels("42")));
        await module.SaveTokenAsync();
        await module.SendAsync(new RefreshSnapshotsCommand());
        await module.QueryDbAsync(async db =>
        {
            db.Deletions.Add(Journal(inFlightDone, null, DeletionStatus.InFlight, now));
            return await db.SaveChangesAsync();
        });
        await simulator.DeleteImageAsync(inFlightDone);

        await module.RunSchedulerPassAsync();
        simulator.State.ClearRequests();
        await module.RunSchedulerPassAsync();

        Assert.Single(simulator.State.Images);
        var deletions = module.Audit.Events.Where(e => e.Code == AuditCodes.SnapshotPruneDelete).Select(e => e.Details).ToList();
        Assert.Equal(2, deletions.Count);
        Assert.Contains(deletions, d => d.Contains($"({inFlightDone})", StringComparison.Ordinal));
        Assert.Contains(deletions, d => d.Contains($"({expiredLeft})", StringComparison.Ordinal));
        Assert.Equal(0, await module.QueryDbAsync(db => db.Deletions.CountAsync()));
        Assert.DoesNotContain(simulator.State.Requests, r => r.Method == "DELETE");
    }

    private static SnapshotDeletionRecord Journal(long imageId, long? runId, DeletionStatus status, DateTimeOffset now) => new()
    {
        ImageId = imageId,
        RunId = runId,
        Description = $"snapshot {imageId}",
        Created = now.AddDays(-20),
        Reason = RetentionReason.Expired,
        Explanation = "Older than the retention period.",
        Status = status,
        StartedAt = now.AddMinutes(-1),
        DeletedAt = status == DeletionStatus.InFlight ? null : now.AddMinutes(-1),
    };
}
