using Hetzner.Simulator;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Modules.Hetzner.Tests.Support;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Features.CreateServerFromSnapshot;
using Panel.Modules.Hetzner.Features.GetRestoreOperation;
using Panel.Modules.Hetzner.Features.RebuildServerFromSnapshot;
using Panel.Modules.Hetzner.Features.RefreshSnapshots;
using Panel.Modules.Hetzner.Restore;

namespace Modules.Hetzner.Tests.Features;

/// <summary>Restores survive a restart (ADR-0033): the module stopped while Hetzner works on a sent action, then
/// started again on the same data folder, follows that action again by its id and audits the outcome once. (The
/// rebuild still waiting for its fresh snapshot is <c>PanelHost.Tests.RestoreCrashTests</c>, with kill -9.)</summary>
public sealed class RestoreResumeTests : IDisposable
{
    private readonly string _dataPath = Directory.CreateTempSubdirectory("hetzner-restore-resume-").FullName;
    private readonly EphemeralDataProtectionProvider _protection = new();

    [Fact]
    public async Task A_new_server_under_way_at_a_restart_is_followed_again_from_its_actions_and_audited_once()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        // create_server takes 2 s and start_server 4 s: the first module stops while both are under way.
        simulator.State.ActionDuration = TimeSpan.FromSeconds(2);
        long snapshot;
        RestoreOperationView started;
        await using (var first = await StartAsync(simulator))
        {
            snapshot = await SeedSnapshotAsync(simulator, first);
            started = await first.SendAsync(new CreateServerFromSnapshotCommand(snapshot, "upgrade-test", "cx32", "nbg1"));
            Assert.Equal(RestoreStatus.Running, started.Status);
            Assert.DoesNotContain(first.Audit.Events, e => e.Code == AuditCodes.ServerCreate);
        }

        simulator.State.ClearRequests();
        await using var second = await StartAsync(simulator);
        var actions = await second.QueryDbAsync(db => db.Restores.Where(r => r.Id == started.Id).Select(r => r.ActionIds).SingleAsync());
        Assert.Equal(2, actions.Split(' ').Length);
        Assert.Equal(RestoreStatus.Running, (await second.SendAsync(new GetRestoreOperationQuery(started.Id))).Status);

        var done = await second.ResumedAsync(started.Id);

        Assert.Equal(RestoreStatus.Succeeded, done.Status);
        Assert.Equal((44L, "upgrade-test", "203.0.113.12", 100), (done.ServerId!.Value, done.ServerName!, done.Ipv4!, done.Progress));
        Assert.All(actions.Split(' '), id => Assert.Contains(simulator.State.Requests, r => r.PathAndQuery.StartsWith($"/v1/actions/{id}", StringComparison.Ordinal)));
        Assert.DoesNotContain(simulator.State.Requests, r => r.Method == "POST");
        Assert.Contains("runs at 203.0.113.12", Assert.Single(second.Audit.Events, e => e.Code == AuditCodes.ServerCreate).Details, StringComparison.Ordinal);
        Assert.DoesNotContain(second.Audit.Events, e => e.Code == AuditCodes.ServerCreateFailed);

        // A further restart finds nothing left to do and audits nothing again.
        await using var third = await StartAsync(simulator);
        await third.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<RestoreRunner>().ResumeAsync(CancellationToken.None);
            return 0;
        });
        Assert.Empty(third.Audit.Events);
        Assert.Equal(done, await third.SendAsync(new GetRestoreOperationQuery(started.Id)));
    }

    [Fact]
    public async Task A_sent_rebuild_is_followed_again_after_a_restart_and_never_sent_twice()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        simulator.State.ActionDuration = TimeSpan.FromSeconds(3);
        RestoreOperationView started;
        await using (var first = await StartAsync(simulator))
        {
            var snapshot = await SeedSnapshotAsync(simulator, first);
            started = await first.SendAsync(new RebuildServerFromSnapshotCommand(snapshot, SimulatorDefaults.DemoServerName, TakeFreshSnapshot: false));
            Assert.Equal(RestoreStatus.Running, started.Status);
        }

        await using var second = await StartAsync(simulator);
        var done = await second.ResumedAsync(started.Id);

        Assert.Equal(RestoreStatus.Succeeded, done.Status);
        Assert.Single(simulator.State.Requests, r => r is { Method: "POST", PathAndQuery: "/v1/servers/42/actions/rebuild" });
        Assert.Single(second.Audit.Events, e => e.Code == AuditCodes.ServerRebuild);
        Assert.DoesNotContain(second.Audit.Events, e => e.Code is AuditCodes.ServerRebuildFailed or AuditCodes.ServerRebuildInterrupted);
    }

    [Theory]
    [InlineData(false, "Interrupted", AuditCodes.ServerRebuildInterrupted, "Nothing was sent to Hetzner; server demo-server (42) is unchanged.")]
    [InlineData(true, "Failed", AuditCodes.ServerRebuildFailed, "it cannot tell whether Hetzner received the request")]
    public async Task A_rebuild_not_yet_sent_at_a_restart_is_never_sent_and_ends_saying_what_is_known_once(
        bool wasSending, string status, string code, string sentence)
    {
        await using var simulator = await SimulatorHost.StartAsync();
        RestoreOperationView started;
        await using (var first = await StartAsync(simulator))
        {
            // The snapshot worker does not run here, so the fresh snapshot stays requested and the rebuild waits.
            var snapshot = await SeedSnapshotAsync(simulator, first);
            started = await first.SendAsync(new RebuildServerFromSnapshotCommand(snapshot, SimulatorDefaults.DemoServerName));
            Assert.Equal(RestoreStatus.Pending, started.Status);
            if (wasSending)
            {
                // Stopped right after "sending" was recorded, before Hetzner's answer was.
                await first.QueryDbAsync(db => db.Restores.Where(r => r.Id == started.Id)
                    .ExecuteUpdateAsync(u => u.SetProperty(r => r.SendingAt, DateTimeOffset.UtcNow)));
            }
        }

        await using var second = await StartAsync(simulator);
        var done = await second.ResumedAsync(started.Id);
        await using var third = await StartAsync(simulator);
        await third.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<RestoreRunner>().ResumeAsync(CancellationToken.None);
            return 0;
        });

        Assert.Equal(Enum.Parse<RestoreStatus>(status), done.Status);
        Assert.Contains(sentence, done.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(simulator.State.Requests, r => r.PathAndQuery.EndsWith("/actions/rebuild", StringComparison.Ordinal));
        Assert.Single(second.Audit.Events, e => e.Code == code);
        Assert.Empty(third.Audit.Events);
    }

    public void Dispose() => Directory.Delete(_dataPath, recursive: true);

    private Task<ModuleHarness> StartAsync(SimulatorHost simulator) =>
        ModuleHarness.StartAsync(simulator, dataPath: _dataPath, protection: _protection);

    private static async Task<long> SeedSnapshotAsync(SimulatorHost simulator, ModuleHarness module)
    {
        var snapshot = simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "before-upgrade"));
        await module.SaveTokenAsync();
        await module.SendAsync(new RefreshSnapshotsCommand());
        return snapshot;
    }
}

internal static class RestoreResumeHarness
{
    /// <summary>Runs the module's start-up resume and waits until the restore has finished.</summary>
    public static async Task<RestoreOperationView> ResumedAsync(this ModuleHarness module, long operationId)
    {
        RestoreOperationView? done = null;
        await module.WithHostedServiceAsync<RestoreResumer>(async () => done = await RestoreTests.FinishedAsync(module, operationId));
        return done!;
    }
}
