using Hetzner.Simulator;
using Modules.Hetzner.Tests.Support;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Features.CreateSnapshot;
using Panel.Modules.Hetzner.Features.DeleteSnapshot;
using Panel.Modules.Hetzner.Features.GetSnapshotOperation;
using Panel.Modules.Hetzner.Features.ListSnapshots;
using Panel.Modules.Hetzner.Features.RefreshSnapshots;

namespace Modules.Hetzner.Tests.Features;

public sealed class SnapshotLifecycleTests
{
    [Fact]
    public async Task Create_returns_at_once_and_the_background_run_makes_one_labelled_snapshot()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        simulator.State.ActionDuration = TimeSpan.FromMilliseconds(300);
        await using var module = await ModuleHarness.StartAsync(simulator);
        await module.SaveTokenAsync();

        var requested = await module.SendAsync(new CreateSnapshotCommand("before-upgrade"));
        Assert.Equal(RunStatus.Pending, requested.Status);
        Assert.Empty(simulator.State.Images);

        await module.RunSchedulerPassAsync();

        var finished = await module.SendAsync(new GetSnapshotOperationQuery(requested.Id));
        Assert.Equal(RunStatus.Succeeded, finished.Status);
        Assert.Equal(100, finished.Progress);
        var image = Assert.Single(simulator.State.Images);
        Assert.Equal("before-upgrade", image.Description);
        Assert.Equal("panelhost", image.Labels["managed-by"]);
        Assert.Equal("manual", image.Labels["panelhost.io/schedule"]);
        Assert.Equal("42", image.Labels["panelhost.io/server"]);
        var listed = Assert.Single((await module.SendAsync(new ListSnapshotsQuery())).Snapshots);
        Assert.Equal(("available", false, "Manual"), (listed.Status, listed.Automatic, listed.Origin));
        Assert.Contains(module.Audit.Events, e => e.Code == "HETZNER_SNAPSHOT_CREATE");
    }

    [Fact]
    public async Task Losing_sight_of_the_action_falls_back_to_the_snapshot_status()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        simulator.State.ActionDuration = TimeSpan.FromMilliseconds(300);
        await using var module = await ModuleHarness.StartAsync(simulator);
        await module.SaveTokenAsync();
        simulator.State.InjectFault(new Fault(FaultKind.ServiceUnavailable503, Method: "GET", PathContains: "/actions/", Count: 50));

        var requested = await module.SendAsync(new CreateSnapshotCommand("unseen-action"));
        await module.RunSchedulerPassAsync();

        var finished = await module.SendAsync(new GetSnapshotOperationQuery(requested.Id));
        Assert.Equal(RunStatus.Succeeded, finished.Status);
        Assert.Equal("available", Assert.Single(simulator.State.Images).Status);
    }

    [Fact]
    public async Task A_second_create_while_one_runs_is_refused()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        await module.SaveTokenAsync();
        await module.SendAsync(new CreateSnapshotCommand("first"));

        var refused = await Assert.ThrowsAsync<ProblemException>(() => module.SendAsync(new CreateSnapshotCommand("second")));

        Assert.Equal(409, refused.StatusCode);
        Assert.Contains("already being created", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_has_every_page_of_this_servers_snapshots_and_nothing_of_other_servers()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        for (var i = 0; i < 120; i++)
        {
            simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, $"mine-{i}", DateTimeOffset.UtcNow.AddHours(-i)));
        }

        simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId + 1, "other-server"));
        await module.SaveTokenAsync();

        var refreshed = await module.SendAsync(new RefreshSnapshotsCommand());

        Assert.Equal(120, refreshed.Snapshots.Count);
        Assert.DoesNotContain(refreshed.Snapshots, s => s.Description == "other-server");
        Assert.Equal("mine-0", refreshed.Snapshots[0].Description);
        Assert.Null(refreshed.LastError);
        Assert.NotNull(refreshed.RefreshedAt);
    }

    [Fact]
    public async Task The_list_is_served_from_the_mirror_without_calling_Hetzner_and_keeps_the_last_error()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "kept-in-mirror"));
        await module.SaveTokenAsync();
        await module.SendAsync(new RefreshSnapshotsCommand());
        simulator.State.InjectFault(new Fault(FaultKind.ServiceUnavailable503, PathContains: "/images", Count: 10));

        var failed = await module.SendAsync(new RefreshSnapshotsCommand());
        simulator.State.ClearRequests();
        var listed = await module.SendAsync(new ListSnapshotsQuery());

        Assert.Equal(0, simulator.State.RequestCount);
        Assert.Equal("kept-in-mirror", Assert.Single(listed.Snapshots).Description);
        Assert.NotNull(failed.LastError);
        Assert.Equal(failed.LastError, listed.LastError);
    }

    [Fact]
    public async Task Delete_removes_the_snapshot_and_records_an_event()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        var id = simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "old"));
        await module.SaveTokenAsync();
        await module.SendAsync(new RefreshSnapshotsCommand());

        var deleted = await module.SendAsync(new DeleteSnapshotCommand(id));

        Assert.False(deleted.AlreadyGone);
        Assert.Empty(simulator.State.Images);
        Assert.Empty((await module.SendAsync(new ListSnapshotsQuery())).Snapshots);
        Assert.Contains(module.Audit.Events, e => e.Code == "HETZNER_SNAPSHOT_DELETE" && e.Details.Contains("\"old\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_delete_whose_caller_goes_away_after_Hetzner_deleted_the_snapshot_is_still_recorded()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        var id = simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "old"));
        await module.SaveTokenAsync();
        await module.SendAsync(new RefreshSnapshotsCommand());
        // Hetzner deletes the snapshot but the answer is lost; the retry waits a second before it is answered, and
        // meanwhile the admin closes the page (the request is aborted).
        simulator.State.InjectFault(new Fault(FaultKind.DropConnectionAfterProcessing, "DELETE"));
        simulator.State.Latency = TimeSpan.FromSeconds(1);
        using var aborted = new CancellationTokenSource();

        var delete = module.SendAsync(new DeleteSnapshotCommand(id), aborted.Token);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (simulator.State.Images.Count > 0)
        {
            await Task.Delay(5, wait.Token);
        }

        await aborted.CancelAsync();
        try
        {
            await delete;
        }
        catch (OperationCanceledException)
        {
        }

        Assert.Empty(simulator.State.Images);
        Assert.Contains(module.Audit.Events, e => e.Code == "HETZNER_SNAPSHOT_DELETE" && e.Details.Contains($"({id})", StringComparison.Ordinal));
        Assert.Empty((await module.SendAsync(new ListSnapshotsQuery())).Snapshots);
    }

    [Fact]
    public async Task A_protected_snapshot_is_not_deleted_and_the_reason_is_given()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        var id = simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "keep-me", DeleteProtected: true));
        await module.SaveTokenAsync();
        await module.SendAsync(new RefreshSnapshotsCommand());

        var refused = await Assert.ThrowsAsync<ProblemException>(() => module.SendAsync(new DeleteSnapshotCommand(id)));

        Assert.Equal(409, refused.StatusCode);
        Assert.Contains("delete-protected", refused.Message, StringComparison.Ordinal);
        Assert.Single(simulator.State.Images);
    }

    [Fact]
    public async Task Deleting_a_snapshot_already_gone_at_Hetzner_corrects_the_list()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        var id = simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "gone"));
        await module.SaveTokenAsync();
        await module.SendAsync(new RefreshSnapshotsCommand());
        await simulator.DeleteImageAsync(id);

        var deleted = await module.SendAsync(new DeleteSnapshotCommand(id));

        Assert.True(deleted.AlreadyGone);
        Assert.Empty((await module.SendAsync(new ListSnapshotsQuery())).Snapshots);
    }

    [Fact]
    public async Task Another_servers_snapshot_cannot_be_deleted_through_the_panel()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        var id = simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId + 1, "not-mine"));
        await module.SaveTokenAsync();
        await module.SendAsync(new RefreshSnapshotsCommand());

        var refused = await Assert.ThrowsAsync<ProblemException>(() => module.SendAsync(new DeleteSnapshotCommand(id)));

        Assert.Equal(404, refused.StatusCode);
        Assert.Single(simulator.State.Images);
    }

    [Fact]
    public async Task A_snapshot_of_another_server_labelled_as_ours_is_neither_listed_nor_deletable()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        var impostor = simulator.State.AddImage(new SeedImage(
            SimulatorDefaults.DemoServerId + 1,
            "worker-snapshot",
            Labels: new Dictionary<string, string> { ["managed-by"] = "panelhost", ["panelhost.io/server"] = "42", ["panelhost.io/schedule"] = "auto" }));
        await module.SaveTokenAsync();
        await module.SendAsync(new RefreshSnapshotsCommand());

        Assert.Empty((await module.SendAsync(new ListSnapshotsQuery())).Snapshots);
        var refused = await Assert.ThrowsAsync<ProblemException>(() => module.SendAsync(new DeleteSnapshotCommand(impostor)));
        Assert.Equal(404, refused.StatusCode);
        Assert.Contains(simulator.State.Images, i => i.Id == impostor);
    }

    [Fact]
    public async Task A_snapshot_protected_after_the_last_refresh_is_not_deleted()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        var id = simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "keep-me"));
        await module.SaveTokenAsync();
        await module.SendAsync(new RefreshSnapshotsCommand());
        using (var http = new HttpClient())
        {
            using var protect = new HttpRequestMessage(HttpMethod.Post, $"{simulator.ApiBaseUrl}/images/{id}/actions/change_protection")
            {
                Content = new StringContent("{\"delete\":true}", System.Text.Encoding.UTF8, "application/json"),
            };
            protect.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", SimulatorDefaults.ReadWriteToken);
            using var answer = await http.SendAsync(protect);
            answer.EnsureSuccessStatusCode();
        }

        var refused = await Assert.ThrowsAsync<ProblemException>(() => module.SendAsync(new DeleteSnapshotCommand(id)));

        Assert.Equal(409, refused.StatusCode);
        Assert.Contains(simulator.State.Images, i => i.Id == id);
        Assert.True(Assert.Single((await module.SendAsync(new ListSnapshotsQuery())).Snapshots).DeleteProtected);
    }
}
