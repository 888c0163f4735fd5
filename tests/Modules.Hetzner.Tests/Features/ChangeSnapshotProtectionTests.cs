using Hetzner.Simulator;
using Modules.Hetzner.Tests.Support;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Features.ChangeSnapshotProtection;
using Panel.Modules.Hetzner.Features.DeleteSnapshot;
using Panel.Modules.Hetzner.Features.ListSnapshots;
using Panel.Modules.Hetzner.Features.RefreshSnapshots;

namespace Modules.Hetzner.Tests.Features;

/// <summary>Issue 13 §3: keep forever from the panel, at Hetzner, in the list and in the events.</summary>
public sealed class ChangeSnapshotProtectionTests
{
    [Fact]
    public async Task Protection_is_switched_on_and_off_at_Hetzner_in_the_list_and_in_the_events()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        var id = simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "release-1.0"));
        await module.SaveTokenAsync();
        await module.SendAsync(new RefreshSnapshotsCommand());

        var on = await module.SendAsync(new ChangeSnapshotProtectionCommand(id, Delete: true));

        Assert.Equal(new ChangeSnapshotProtectionResult(id, "release-1.0", true), on);
        Assert.True(simulator.State.Images.Single().DeleteProtected);
        Assert.True((await module.SendAsync(new ListSnapshotsQuery())).Snapshots.Single().DeleteProtected);
        Assert.Contains(simulator.State.Requests, r => r.Method == "POST" && r.PathAndQuery == $"/v1/images/{id}/actions/change_protection");
        var audit = module.Audit.Events[^1];
        Assert.Equal("HETZNER_SNAPSHOT_PROTECTION", audit.Code);
        Assert.Contains($"Delete protection of snapshot \"release-1.0\" ({id})", audit.Details, StringComparison.Ordinal);
        Assert.Contains("switched on", audit.Details, StringComparison.Ordinal);
        var refused = await Assert.ThrowsAsync<ProblemException>(() => module.SendAsync(new DeleteSnapshotCommand(id)));
        Assert.Equal(409, refused.StatusCode);

        var off = await module.SendAsync(new ChangeSnapshotProtectionCommand(id, Delete: false));

        Assert.False(off.DeleteProtected);
        Assert.False(simulator.State.Images.Single().DeleteProtected);
        Assert.Contains("switched off", module.Audit.Events[^1].Details, StringComparison.Ordinal);
        await module.SendAsync(new DeleteSnapshotCommand(id));
        Assert.Empty(simulator.State.Images);
    }

    [Fact]
    public async Task Another_servers_snapshot_is_not_changed()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        var other = simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId + 1, "not-ours"));
        await module.SaveTokenAsync();
        await module.SendAsync(new RefreshSnapshotsCommand());

        var refused = await Assert.ThrowsAsync<ProblemException>(() => module.SendAsync(new ChangeSnapshotProtectionCommand(other, true)));

        Assert.Equal(404, refused.StatusCode);
        Assert.False(simulator.State.Images.Single().DeleteProtected);
        Assert.DoesNotContain(simulator.State.Requests, r => r.PathAndQuery.Contains("change_protection", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_snapshot_deleted_elsewhere_is_taken_off_the_list_with_a_plain_sentence()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        var id = simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "gone"));
        await module.SaveTokenAsync();
        await module.SendAsync(new RefreshSnapshotsCommand());
        using (var elsewhere = new HttpClient())
        {
            elsewhere.DefaultRequestHeaders.Authorization = new("Bearer", SimulatorDefaults.ReadWriteToken);
            (await elsewhere.DeleteAsync(new Uri($"{simulator.ApiBaseUrl.TrimEnd('/')}/images/{id}"))).EnsureSuccessStatusCode();
        }

        var refused = await Assert.ThrowsAsync<ProblemException>(() => module.SendAsync(new ChangeSnapshotProtectionCommand(id, true)));

        Assert.Equal(404, refused.StatusCode);
        Assert.Equal("Snapshot “gone” no longer exists at Hetzner; it was taken off the list.", refused.Message);
        Assert.Empty((await module.SendAsync(new ListSnapshotsQuery())).Snapshots);
    }
}
