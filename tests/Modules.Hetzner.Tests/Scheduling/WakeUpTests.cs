using Hetzner.Simulator;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Modules.Hetzner.Tests.Support;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Features.CreateSnapshot;
using Panel.Modules.Hetzner.Features.SaveSnapshotSettings;
using Panel.Modules.Hetzner;
using Panel.Modules.Hetzner.Snapshots.Scheduling;

namespace Modules.Hetzner.Tests.Scheduling;

/// <summary>When the background loop wakes: only for work on the clock, otherwise only for a signal (ADR-0017).</summary>
public sealed class WakeUpTests
{
    [Fact]
    public async Task Without_a_token_the_loop_waits_for_a_signal_only()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);

        Assert.Equal(WakeUp.OnSignal, await module.RunSchedulerPassAsync());
    }

    [Fact]
    public async Task With_a_token_and_the_schedule_off_the_loop_wakes_for_the_next_mirror_refresh_only()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        await module.SaveTokenAsync();

        var wake = await time.DriveAsync(module.RunSchedulerPassAsync());

        var refreshedAt = await module.QueryDbAsync(async db => (await db.State.SingleAsync()).MirrorRefreshedAt);
        Assert.Equal(WakeUp.AtTime(refreshedAt!.Value + new HetznerOptions().MirrorRefreshInterval), wake);
    }

    [Fact]
    public async Task With_the_schedule_on_the_loop_wakes_for_the_earlier_of_the_next_run_and_the_next_refresh()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        await module.SaveTokenAsync();
        await module.SendAsync(new SaveSnapshotSettingsCommand(true, 12, 7, 1));
        await time.DriveAsync(module.RunSchedulerPassAsync());
        var refresh = new HetznerOptions().MirrorRefreshInterval;
        time.SetUtcNow(FakeClock.Start.AddHours(12) - (refresh / 2));

        var wake = await time.DriveAsync(module.RunSchedulerPassAsync());

        Assert.Equal(WakeUp.AtTime(FakeClock.Start.AddHours(12)), wake);
    }

    [Fact]
    public async Task A_token_that_can_no_longer_be_decrypted_does_not_make_the_loop_poll()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        var dataPath = Directory.CreateTempSubdirectory("hetzner-wakeup-").FullName;
        try
        {
            await using (var before = await ModuleHarness.StartAsync(simulator, time, dataPath))
            {
                await before.SaveTokenAsync();
            }

            // Other keys than the ones that protected the token, as after the panel's key folder was lost.
            await using var after = await ModuleHarness.StartAsync(simulator, time, dataPath, new EphemeralDataProtectionProvider());

            Assert.Equal(WakeUp.OnSignal, await time.DriveAsync(after.RunSchedulerPassAsync()));
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    [Theory]
    [InlineData("settings change")]
    [InlineData("manual request")]
    public async Task A_settings_change_or_a_manual_request_wakes_the_sleeping_loop_at_once(string signal)
    {
        // The fake clock never moves, so the loop's timer (the next mirror refresh, minutes away) cannot wake it.
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        await module.SaveTokenAsync();
        await module.WithWorkerAsync(async () =>
        {
            await Eventually.WaitUntilAsync(() => module.QueryDbAsync(async db => (await db.State.SingleAsync()).MirrorRefreshedAt is not null));

            _ = signal == "manual request"
                ? await module.SendAsync(new CreateSnapshotCommand("wake-up")) as object
                : await module.SendAsync(new SaveSnapshotSettingsCommand(true, 12, 7, 1));

            await Eventually.WaitUntilAsync(() => Task.FromResult(simulator.State.Requests.Any(
                r => r.Method == "POST" && r.PathAndQuery.Contains("create_image", StringComparison.Ordinal))));
            var run = await module.QueryDbAsync(db => db.Runs.SingleAsync());
            Assert.Equal(signal == "manual request" ? RunKind.Manual : RunKind.Automatic, run.Kind);
        });
    }
}
