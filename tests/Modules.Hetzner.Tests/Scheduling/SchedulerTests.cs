using Hetzner.Simulator;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Modules.Hetzner.Tests.Support;
using Panel.Contracts;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Features.CreateSnapshot;
using Panel.Modules.Hetzner.Features.GetSnapshotOperation;
using Panel.Modules.Hetzner.Features.SaveSnapshotSettings;

namespace Modules.Hetzner.Tests.Scheduling;

/// <summary>The scheduler on a fake clock shared with the simulator, so a day passes in milliseconds.</summary>
public sealed class SchedulerTests
{
    [Fact]
    public async Task A_due_snapshot_is_made_once_and_the_next_one_a_period_later()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        await EnableAsync(module, frequencyHours: 12);

        await time.DriveAsync(module.RunSchedulerPassAsync());
        await time.DriveAsync(module.RunSchedulerPassAsync());

        Assert.Single(AutomaticImages(simulator));
        Assert.Equal(FakeClock.Start.AddHours(12), await NextDueAsync(module));
        time.SetUtcNow(FakeClock.Start.AddHours(12));

        await time.DriveAsync(module.RunSchedulerPassAsync());

        Assert.Equal(2, AutomaticImages(simulator).Count);
        Assert.Equal(FakeClock.Start.AddHours(24), await NextDueAsync(module));
        var runs = await module.QueryDbAsync(db => db.Runs.ToListAsync());
        Assert.All(runs, r => Assert.Equal((RunKind.Automatic, RunStatus.Succeeded, 0), (r.Kind, r.Status, r.PrunedCount)));
    }

    [Fact]
    public async Task After_downtime_there_is_one_catch_up_run_not_one_per_missed_slot()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        await EnableAsync(module, frequencyHours: 3);
        await time.DriveAsync(module.RunSchedulerPassAsync());
        time.SetUtcNow(FakeClock.Start.AddHours(73));

        await time.DriveAsync(module.RunSchedulerPassAsync());
        await time.DriveAsync(module.RunSchedulerPassAsync());

        Assert.Equal(2, AutomaticImages(simulator).Count);
        Assert.Equal(FakeClock.Start.AddHours(75), await NextDueAsync(module));
    }

    [Fact]
    public async Task A_restart_in_the_middle_of_a_run_resumes_waiting_and_makes_no_second_snapshot()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        var protection = new EphemeralDataProtectionProvider();
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        var dataPath = Directory.CreateTempSubdirectory("hetzner-restart-").FullName;
        try
        {
            await using (var before = await ModuleHarness.StartAsync(simulator, time, dataPath, protection))
            {
                await EnableAsync(before, frequencyHours: 12);
                using var stop = new CancellationTokenSource();
                var pass = before.RunSchedulerPassAsync(stop.Token);
                await Eventually.WaitUntilAsync(() => before.QueryDbAsync(db => db.Runs.AnyAsync(r => r.Status == RunStatus.Creating && r.ImageId != null)));
                await stop.CancelAsync();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pass);
            }

            await using var after = await ModuleHarness.StartAsync(simulator, time, dataPath, protection);
            await time.DriveAsync(after.RunSchedulerPassAsync());

            var run = await after.QueryDbAsync(db => db.Runs.SingleAsync());
            Assert.Equal(RunStatus.Succeeded, run.Status);
            Assert.Single(AutomaticImages(simulator));
            Assert.Single(simulator.State.Requests, r => r.Method == "POST" && r.PathAndQuery.Contains("create_image", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    [Fact]
    public async Task A_failed_run_is_recorded_and_notified_and_the_next_slot_tries_again()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        await EnableAsync(module, frequencyHours: 6);
        simulator.State.InjectFault(new Fault(FaultKind.ActionError));

        await time.DriveAsync(module.RunSchedulerPassAsync());

        var failed = await module.QueryDbAsync(db => db.Runs.SingleAsync());
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.NotNull(failed.Error);
        Assert.Null(failed.PrunedCount);
        var notification = Assert.Single(module.Notifier.Raised);
        Assert.Equal(NotificationSeverity.Critical, notification.Severity);
        Assert.Contains(module.Audit.Events, e => e.Code == "HETZNER_SNAPSHOT_CREATE_FAILED");
        Assert.Equal(FakeClock.Start.AddHours(6), await NextDueAsync(module));

        time.SetUtcNow(FakeClock.Start.AddHours(6));
        await time.DriveAsync(module.RunSchedulerPassAsync());

        var runs = await module.QueryDbAsync(db => db.Runs.OrderBy(r => r.Id).ToListAsync());
        Assert.Equal([RunStatus.Failed, RunStatus.Succeeded], runs.Select(r => r.Status));
        Assert.Single(module.Notifier.Raised);
    }

    [Fact]
    public async Task A_successful_automatic_run_prunes_expired_automatic_snapshots_and_keeps_manual_ones()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        var expired = simulator.State.AddImage(new SeedImage(42, "auto-expired", FakeClock.Start.AddDays(-8), AutomaticLabels()));
        var manual = simulator.State.AddImage(new SeedImage(42, "manual-old", FakeClock.Start.AddDays(-30)));
        await EnableAsync(module, frequencyHours: 12);

        await time.DriveAsync(module.RunSchedulerPassAsync());

        var run = await module.QueryDbAsync(db => db.Runs.SingleAsync());
        Assert.Equal((RunStatus.Succeeded, 1, 0), (run.Status, run.PrunedCount, run.PruneFailedCount));
        Assert.DoesNotContain(simulator.State.Images, i => i.Id == expired);
        Assert.Contains(simulator.State.Images, i => i.Id == manual);
        Assert.Contains(module.Audit.Events, e => e.Code == "HETZNER_SNAPSHOT_PRUNE" && e.Details.Contains("1 deleted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_whose_create_was_sent_but_not_recorded_adopts_that_snapshot_instead_of_making_another()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        await module.SaveTokenAsync();
        var operation = await module.SendAsync(new CreateSnapshotCommand("lost-answer"));
        var runKey = await module.QueryDbAsync(async db => (await db.Runs.SingleAsync()).RequestKey);
        var made = simulator.State.AddImage(new SeedImage(42, "lost-answer", Labels: new Dictionary<string, string>
        {
            ["managed-by"] = "panelhost",
            ["panelhost.io/schedule"] = "manual",
            ["panelhost.io/server"] = "42",
            ["panelhost.io/run"] = runKey,
        }));
        simulator.State.ClearRequests();

        await time.DriveAsync(module.RunSchedulerPassAsync());

        var finished = await module.SendAsync(new GetSnapshotOperationQuery(operation.Id));
        Assert.Equal((RunStatus.Succeeded, made), (finished.Status, finished.ImageId));
        Assert.DoesNotContain(simulator.State.Requests, r => r.PathAndQuery.Contains("create_image", StringComparison.Ordinal));
        Assert.Single(simulator.State.Images);
    }

    [Fact]
    public async Task The_hosted_worker_carries_out_a_manual_create_without_a_reload()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        simulator.State.ActionDuration = TimeSpan.FromMilliseconds(300);
        await using var module = await ModuleHarness.StartAsync(simulator);
        await module.SaveTokenAsync();
        await module.WithWorkerAsync(async () =>
        {
            var operation = await module.SendAsync(new CreateSnapshotCommand("from-the-page"));

            await Eventually.WaitUntilAsync(async () => (await module.SendAsync(new GetSnapshotOperationQuery(operation.Id))).Finished);

            Assert.Equal(RunStatus.Succeeded, (await module.SendAsync(new GetSnapshotOperationQuery(operation.Id))).Status);
        });
    }

    private static async Task EnableAsync(ModuleHarness module, int frequencyHours)
    {
        await module.SaveTokenAsync();
        await module.SendAsync(new SaveSnapshotSettingsCommand(true, frequencyHours, 7, 1));
    }

    private static Dictionary<string, string> AutomaticLabels() => new()
    {
        ["managed-by"] = "panelhost",
        ["panelhost.io/schedule"] = "auto",
        ["panelhost.io/server"] = "42",
    };

    private static List<SimImage> AutomaticImages(SimulatorHost simulator) =>
        [.. simulator.State.Images.Where(i => i.Labels.TryGetValue("panelhost.io/schedule", out var s) && s == "auto")];

    private static Task<DateTimeOffset?> NextDueAsync(ModuleHarness module) =>
        module.QueryDbAsync(async db => (await db.State.SingleAsync()).NextDueAt);
}
