using Hetzner.Simulator;
using Microsoft.Extensions.Time.Testing;
using Modules.Hetzner.Tests.Support;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Features.PreviewPrune;
using Panel.Modules.Hetzner.Features.RefreshSnapshots;
using Panel.Modules.Hetzner.Features.SaveSnapshotSettings;

namespace Modules.Hetzner.Tests.Features;

/// <summary>The forecast of "the next prune" the Snapshots and Settings tabs show (issue 11 §3).</summary>
public sealed class PreviewPruneTests
{
    [Fact]
    public async Task While_an_automatic_run_is_under_way_its_own_prune_is_the_one_forecast()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        var now = FakeClock.Start;
        var server = $"{SimulatorDefaults.DemoServerId}";
        simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "auto-6.5-days", now.AddDays(-6.5), Auto.Labels(server)));
        simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "auto-3-days", now.AddDays(-3), Auto.Labels(server)));
        await module.SaveTokenAsync();
        await module.SendAsync(new SaveSnapshotSettingsCommand(true, 24, 7, 1));
        await module.SendAsync(new RefreshSnapshotsCommand());

        // A run has started: it moved the schedule's next slot a day on, and its snapshot is not in the list yet.
        await module.QueryDbAsync(async db =>
        {
            db.Runs.Add(new SnapshotRunRecord { Kind = RunKind.Automatic, Status = RunStatus.Creating, RequestedAt = now, Description = "auto", RequestKey = "under-way" });
            (await db.GetStateAsync(CancellationToken.None)).NextDueAt = now.AddDays(1);
            return await db.SaveChangesAsync();
        });

        var preview = await module.SendAsync(new PreviewPruneQuery(AtNextScheduledRun: true));

        // Its prune follows within minutes: the 6.5-day-old snapshot is not expired then (it would be a day later).
        Assert.Empty(preview.Delete);
        Assert.True(preview.RunUnderWay);
        Assert.Equal(now, preview.ScheduledRun);
        Assert.Equal(["auto-3-days", "auto-6.5-days"], preview.Keep.Select(e => e.Description).Order());
    }
}
