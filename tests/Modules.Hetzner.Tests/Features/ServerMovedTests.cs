using Hetzner.Simulator;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Modules.Hetzner.Tests.Support;
using Panel.Contracts;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Features.CreateSnapshot;
using Panel.Modules.Hetzner.Features.DeleteSnapshot;
using Panel.Modules.Hetzner.Features.GetServerCheck;
using Panel.Modules.Hetzner.Features.PruneExpired;
using Panel.Modules.Hetzner.Features.RefreshSnapshots;
using Panel.Modules.Hetzner.Features.SaveSnapshotSettings;
using Panel.Modules.Hetzner.Features.SwitchServer;
using Panel.Modules.Hetzner.Snapshots.Secrets;
using Panel.Modules.Hetzner.Snapshots.Server;

namespace Modules.Hetzner.Tests.Features;

/// <summary>
/// The panel's data now sits on another server than the one it was set up for (a copied data folder, a restored
/// backup, a moved disk), or the metadata service that says which server it is cannot be reached: the panel must never
/// act for the saved server on a guess.
/// </summary>
public sealed class ServerMovedTests
{
    private const long Saved = SimulatorDefaults.DemoServerId;
    private const long Other = SimulatorDefaults.DemoServerId + 1;

    [Fact]
    public async Task A_moved_panel_creates_deletes_and_prunes_nothing_and_says_so_once_with_both_servers()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        var expired = SeedExpiredAutomatic(simulator, time, count: 3);
        await module.SaveTokenAsync();
        await module.SendAsync(new SaveSnapshotSettingsCommand(true, 12, 7, 1));
        await module.SendAsync(new RefreshSnapshotsCommand());
        simulator.State.MetadataServerId = Other;
        simulator.State.ClearRequests();

        await time.DriveAsync(module.RunSchedulerPassAsync());
        var create = await Assert.ThrowsAsync<ProblemException>(() => module.SendAsync(new CreateSnapshotCommand("manual")));
        var prune = await Assert.ThrowsAsync<ProblemException>(() => module.SendAsync(new PruneExpiredCommand(DryRun: false)));
        var delete = await Assert.ThrowsAsync<ProblemException>(() => module.SendAsync(new DeleteSnapshotCommand(expired[0])));
        await time.DriveAsync(module.RunSchedulerPassAsync());

        AssertNothingChangedAtHetzner(simulator);
        Assert.Equal(3, simulator.State.Images.Count);
        Assert.All([create, prune, delete], ex => Assert.Equal(409, ex.StatusCode));
        Assert.Contains("Nothing was created: the panel now runs on server 43, but its settings are for server demo-server (42)", create.Message, StringComparison.Ordinal);
        Assert.StartsWith("Nothing was pruned", prune.Message, StringComparison.Ordinal);
        Assert.StartsWith("Nothing was deleted", delete.Message, StringComparison.Ordinal);
        Assert.False(await module.QueryDbAsync(db => db.Runs.AnyAsync()));
        Assert.Equal(FakeClock.Start, await module.QueryDbAsync(async db => (await db.State.SingleAsync()).NextDueAt));
        var notification = Assert.Single(module.Notifier.Raised);
        Assert.Equal(NotificationSeverity.Critical, notification.Severity);
        Assert.Contains("server 43", notification.Message, StringComparison.Ordinal);
        Assert.Contains("demo-server (42)", notification.Message, StringComparison.Ordinal);
        Assert.Single(module.Audit.Events, e => e.Code == "HETZNER_SERVER_MOVED");
        var check = await module.SendAsync(new GetServerCheckQuery());
        Assert.Equal((ServerCheckStatus.Moved, Saved, Other), (check.Status, check.SavedServerId, check.CurrentServerId));
    }

    [Fact]
    public async Task A_paused_schedule_does_not_wake_the_loop_for_the_slot_it_holds_back()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        await module.SaveTokenAsync();
        await module.SendAsync(new SaveSnapshotSettingsCommand(true, 12, 7, 1));
        simulator.State.MetadataServerId = Other;

        var wake = await time.DriveAsync(module.RunSchedulerPassAsync(), TimeSpan.Zero);

        // The due slot would mean "wake at once"; held back, the loop sleeps until its next mirror refresh.
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromMinutes(5), wake.At);
    }

    [Fact]
    public async Task A_run_requested_before_the_move_is_closed_without_creating_anything()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        await module.SaveTokenAsync();
        var operation = await module.SendAsync(new CreateSnapshotCommand("before-the-move"));
        simulator.State.MetadataServerId = Other;

        await time.DriveAsync(module.RunSchedulerPassAsync());

        var run = await module.QueryDbAsync(db => db.Runs.SingleAsync(r => r.Id == operation.Id));
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("Nothing was created: the panel now runs on server 43", run.Error, StringComparison.Ordinal);
        AssertNothingChangedAtHetzner(simulator);
        Assert.Empty(simulator.State.Images);
    }

    [Fact]
    public async Task Switching_checks_the_token_against_the_new_server_then_the_held_back_slot_runs_there()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        await module.SaveTokenAsync();
        await module.SendAsync(new SaveSnapshotSettingsCommand(true, 12, 7, 1));
        simulator.State.MetadataServerId = Other;
        await time.DriveAsync(module.RunSchedulerPassAsync());

        var wrong = await Assert.ThrowsAsync<ProblemException>(() => module.SendAsync(new SwitchServerCommand(99)));
        var invalid = await Assert.ThrowsAsync<ValidationException>(() => module.SendAsync(new SwitchServerCommand(0)));
        var switched = await module.SendAsync(new SwitchServerCommand(Other));
        await time.DriveAsync(module.RunSchedulerPassAsync());

        Assert.Contains("runs on server 43, not on server 99", wrong.Message, StringComparison.Ordinal);
        Assert.Contains("serverId", invalid.Errors.Keys);
        Assert.Equal((Saved, Other, "demo-worker", true), (switched.PreviousServerId, switched.ServerId, switched.ServerName, switched.Changed));
        Assert.Equal(Other, await module.QueryDbAsync(async db => (await db.Settings.SingleAsync()).ServerId));
        var created = Assert.Single(simulator.State.Requests, r => r.PathAndQuery.Contains("create_image", StringComparison.Ordinal));
        Assert.Equal($"/v1/servers/{Other}/actions/create_image", created.PathAndQuery);
        Assert.Equal(Other.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(simulator.State.Images).Labels["panelhost.io/server"]);
        Assert.Contains(module.Audit.Events, e => e.Code == "HETZNER_SERVER_SWITCH" && e.Details.Contains("demo-worker (43)", StringComparison.Ordinal));
        Assert.Equal(ServerCheckStatus.Confirmed, (await module.SendAsync(new GetServerCheckQuery())).Status);
    }

    [Fact]
    public async Task Switching_is_refused_when_the_saved_token_can_no_longer_write_and_nothing_changes()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        await module.SaveTokenAsync();
        simulator.State.MetadataServerId = Other;
        simulator.State.AddToken(SimulatorDefaults.ReadWriteToken, readOnly: true);

        var refused = await Assert.ThrowsAsync<ProblemException>(() => module.SendAsync(new SwitchServerCommand(Other)));

        Assert.Equal(409, refused.StatusCode);
        Assert.Contains("the saved token cannot manage server 43. This token is read-only.", refused.Message, StringComparison.Ordinal);
        Assert.Equal(Saved, await module.QueryDbAsync(async db => (await db.Settings.SingleAsync()).ServerId));
        Assert.Equal(ServerCheckStatus.Moved, (await module.SendAsync(new GetServerCheckQuery())).Status);
    }

    [Fact]
    public async Task A_switch_during_a_refresh_of_the_old_servers_list_leaves_no_old_snapshot_marked_fresh()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        var now = DateTimeOffset.UtcNow;
        // Eight pages of the old server's snapshots: the refresh is still paging when the switch has checked the token.
        for (var i = 0; i < 400; i++)
        {
            simulator.State.AddImage(new SeedImage(Saved, $"old-{i}", now.AddHours(-i)));
        }

        await module.SaveTokenAsync();
        await module.SendAsync(new RefreshSnapshotsCommand());
        simulator.State.MetadataServerId = Other;
        simulator.State.Latency = TimeSpan.FromMilliseconds(150);
        simulator.State.ClearRequests();

        var refresh = module.SendAsync(new RefreshSnapshotsCommand());
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!simulator.State.Requests.Any(r => r.PathAndQuery.StartsWith("/v1/images", StringComparison.Ordinal)))
        {
            await Task.Delay(10, wait.Token);
        }

        await module.SendAsync(new SwitchServerCommand(Other));
        await refresh;

        // The switch asked for the new server's list; a refresh of the old one finishing after it must not answer that.
        var (refreshedAt, oldRows) = await module.QueryDbAsync(async db =>
            ((await db.State.SingleAsync()).MirrorRefreshedAt, await db.Snapshots.CountAsync(s => s.CreatedFromServerId == Saved)));
        Assert.True(refreshedAt is null || oldRows == 0, $"The mirror is marked fresh at {refreshedAt} with {oldRows} snapshots of server {Saved}.");
    }

    [Fact]
    public async Task Saving_a_token_on_the_new_server_switches_too()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        await module.SaveTokenAsync();
        simulator.State.MetadataServerId = Other;
        await Assert.ThrowsAsync<ProblemException>(() => module.SendAsync(new CreateSnapshotCommand("refused")));
        Assert.Equal(ServerCheckStatus.Moved, (await module.SendAsync(new GetServerCheckQuery())).Status);

        var saved = await module.SaveTokenAsync();

        Assert.Equal(Other, saved.ServerId);
        Assert.Equal(ServerCheckStatus.Confirmed, (await module.SendAsync(new GetServerCheckQuery())).Status);
    }

    [Fact]
    public async Task While_the_metadata_service_is_silent_runs_wait_and_retry_and_never_use_the_saved_id()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        await module.SaveTokenAsync();
        await module.SendAsync(new SaveSnapshotSettingsCommand(true, 12, 7, 1));
        simulator.State.MetadataReachable = false;
        simulator.State.ClearRequests();

        var firstWake = await time.DriveAsync(module.RunSchedulerPassAsync(), TimeSpan.Zero);
        var create = await Assert.ThrowsAsync<ProblemException>(() => module.SendAsync(new CreateSnapshotCommand("manual")));

        Assert.Equal(time.GetUtcNow() + TimeSpan.FromSeconds(10), firstWake.At);
        Assert.Equal(502, create.StatusCode);
        Assert.Contains("Nothing was created: the panel could not confirm that it still runs on server demo-server (42)", create.Message, StringComparison.Ordinal);
        AssertNothingChangedAtHetzner(simulator);
        Assert.Empty(module.Notifier.Raised);

        // An outage that holds back a due snapshot for a quarter of an hour is worth one notification, not one per retry.
        for (var i = 0; i < 8; i++)
        {
            time.Advance(TimeSpan.FromMinutes(3));
            await time.DriveAsync(module.RunSchedulerPassAsync(), TimeSpan.Zero);
        }

        AssertNothingChangedAtHetzner(simulator);
        var waiting = Assert.Single(module.Notifier.Raised);
        Assert.Equal("Automatic snapshots are waiting", waiting.Title);

        simulator.State.MetadataReachable = true;
        time.Advance(TimeSpan.FromMinutes(5));
        await time.DriveAsync(module.RunSchedulerPassAsync());

        var created = Assert.Single(simulator.State.Requests, r => r.PathAndQuery.Contains("create_image", StringComparison.Ordinal));
        Assert.Equal($"/v1/servers/{Saved}/actions/create_image", created.PathAndQuery);
        Assert.Equal(RunStatus.Succeeded, await module.QueryDbAsync(async db => (await db.Runs.SingleAsync()).Status));
    }

    [Fact]
    public async Task A_silent_metadata_service_that_comes_back_naming_another_server_still_gets_nothing_created()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        await module.SaveTokenAsync();
        await module.SendAsync(new SaveSnapshotSettingsCommand(true, 12, 7, 1));
        simulator.State.MetadataReachable = false;
        await time.DriveAsync(module.RunSchedulerPassAsync(), TimeSpan.Zero);

        simulator.State.MetadataServerId = Other;
        simulator.State.MetadataReachable = true;
        time.Advance(TimeSpan.FromSeconds(10));
        await time.DriveAsync(module.RunSchedulerPassAsync());

        AssertNothingChangedAtHetzner(simulator);
        Assert.False(await module.QueryDbAsync(db => db.Runs.AnyAsync()));
        Assert.Equal(ServerCheckStatus.Moved, (await module.SendAsync(new GetServerCheckQuery())).Status);
    }

    [Fact]
    public async Task An_automatic_run_with_a_token_the_keys_no_longer_decrypt_says_so_instead_of_no_token()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        var dataPath = Directory.CreateTempSubdirectory("hetzner-lost-keys-").FullName;
        try
        {
            await using (var before = await ModuleHarness.StartAsync(simulator, dataPath: dataPath, protection: new EphemeralDataProtectionProvider()))
            {
                await before.SaveTokenAsync();
                await before.SendAsync(new SaveSnapshotSettingsCommand(true, 12, 7, 1));
            }

            // Other keys: the data folder's keys were lost or replaced.
            await using var after = await ModuleHarness.StartAsync(simulator, dataPath: dataPath, protection: new EphemeralDataProtectionProvider());
            await after.RunSchedulerPassAsync();

            var run = await after.QueryDbAsync(db => db.Runs.SingleAsync());
            Assert.Equal((RunKind.Automatic, RunStatus.Failed), (run.Kind, run.Status));
            Assert.Equal(ConnectionReader.UnreadableTokenMessage, run.Error);
            Assert.Contains("can no longer be decrypted", Assert.Single(after.Notifier.Raised).Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    private static List<long> SeedExpiredAutomatic(SimulatorHost simulator, TimeProvider time, int count) =>
    [
        .. Enumerable.Range(1, count).Select(i => simulator.State.AddImage(new SeedImage(Saved, $"auto-{i}", time.GetUtcNow().AddDays(-10 - i),
            new Dictionary<string, string>
            {
                ["managed-by"] = "panelhost",
                ["panelhost.io/schedule"] = "auto",
                ["panelhost.io/server"] = "42",
            }))),
    ];

    private static void AssertNothingChangedAtHetzner(SimulatorHost simulator) =>
        Assert.DoesNotContain(simulator.State.Requests, r =>
            r.Method == "DELETE" || r.PathAndQuery.Contains("create_image", StringComparison.Ordinal));
}
