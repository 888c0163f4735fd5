using Hetzner.Simulator;
using Modules.Hetzner.Tests.Support;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Features.CreateServerFromSnapshot;
using Panel.Modules.Hetzner.Features.GetRestoreChoices;
using Panel.Modules.Hetzner.Features.GetRestoreOperation;
using Panel.Modules.Hetzner.Features.RebuildServerFromSnapshot;
using Panel.Modules.Hetzner.Features.RefreshSnapshots;
using Panel.Modules.Hetzner.Restore;

namespace Modules.Hetzner.Tests.Features;

/// <summary>Issue 13 §4: a new server from a snapshot, and a rebuild of this server, against the simulator.</summary>
public sealed class RestoreTests
{
    internal static async Task<(SimulatorHost Simulator, ModuleHarness Module, long Snapshot)> StartAsync()
    {
        var simulator = await SimulatorHost.StartAsync();
        simulator.State.ActionDuration = TimeSpan.FromMilliseconds(300);
        var module = await ModuleHarness.StartAsync(simulator);
        var snapshot = simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "before-upgrade"));
        await module.SaveTokenAsync();
        await module.SendAsync(new RefreshSnapshotsCommand());
        return (simulator, module, snapshot);
    }

    internal static async Task<RestoreOperationView> FinishedAsync(ModuleHarness module, long operationId)
    {
        RestoreOperationView? view = null;
        await Eventually.WaitUntilAsync(async () => (view = await module.SendAsync(new GetRestoreOperationQuery(operationId))).Finished);
        return view!;
    }

    [Fact]
    public async Task Choices_list_types_that_fit_the_snapshot_with_the_monthly_price_per_location_from_pricing()
    {
        var (simulator, module, snapshot) = await StartAsync();
        await using var _ = simulator;
        await using var __ = module;

        var choices = await module.SendAsync(new GetRestoreChoicesQuery(snapshot));

        // cax11 is Arm (the snapshot is x86), cpx11 is past its deprecation date: neither is offered.
        Assert.Equal(["cx22", "cx32", "cx42"], choices.ServerTypes.Select(t => t.Name));
        Assert.Equal(["fsn1", "nbg1", "hel1"], choices.Locations.Select(l => l.Name));
        Assert.Equal(4.5101m, choices.MonthlyPrice("cx22", "fsn1"));
        Assert.Null(choices.MonthlyPrice("cx42", "hel1"));
        Assert.Equal(("EUR", "demo-server", 42L), (choices.Currency, choices.ServerName, choices.ServerId));
        var reads = simulator.State.RequestCount;
        await module.SendAsync(new GetRestoreChoicesQuery(snapshot));
        Assert.Equal(reads, simulator.State.RequestCount);
    }

    [Fact]
    public async Task A_server_from_a_snapshot_is_followed_until_it_runs_and_shows_its_id_name_and_address()
    {
        var (simulator, module, snapshot) = await StartAsync();
        await using var _ = simulator;
        await using var __ = module;

        var started = await module.SendAsync(new CreateServerFromSnapshotCommand(snapshot, "upgrade-test", "cx32", "nbg1"));
        var done = await FinishedAsync(module, started.Id);

        Assert.Equal(RestoreStatus.Succeeded, done.Status);
        Assert.Equal((44L, "upgrade-test", "203.0.113.12", 100), (done.ServerId!.Value, done.ServerName!, done.Ipv4!, done.Progress));
        var request = Assert.Single(module.Audit.Events, e => e.Code == AuditCodes.ServerCreateRequest);
        Assert.Contains("\"upgrade-test\" (cx32 in nbg1)", request.Details, StringComparison.Ordinal);
        await Eventually.WaitUntilAsync(() => Task.FromResult(module.Audit.Events.Any(e => e.Code == AuditCodes.ServerCreate)));
        Assert.Contains("runs at 203.0.113.12", module.Audit.Events.Single(e => e.Code == AuditCodes.ServerCreate).Details, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "cx22", "fsn1", "name", "Server name is required.")]
    [InlineData("not_a_host", "cx22", "fsn1", "name", CreateServerFromSnapshotCommandValidator.NameRule)]
    [InlineData("-dash", "cx22", "fsn1", "name", CreateServerFromSnapshotCommandValidator.NameRule)]
    [InlineData("copy", "cx99", "fsn1", "serverType", "Server type “cx99” is not one Hetzner offers for this snapshot. Choose one of: cx22, cx32, cx42.")]
    [InlineData("copy", "cax11", "fsn1", "serverType", "Server type “cax11” is not one Hetzner offers for this snapshot. Choose one of: cx22, cx32, cx42.")]
    [InlineData("copy", "cx22", "mars1", "location", "Location “mars1” is not one Hetzner offers. Choose one of: fsn1, nbg1, hel1.")]
    [InlineData("copy", "cx42", "hel1", "location", "Hetzner does not sell cx42 in hel1. Choose one of: fsn1, nbg1.")]
    public async Task Bad_input_is_refused_beside_the_field_and_nothing_is_sent(string name, string type, string location, string field, string message)
    {
        var (simulator, module, snapshot) = await StartAsync();
        await using var _ = simulator;
        await using var __ = module;

        var refused = await Assert.ThrowsAsync<ValidationException>(() => module.SendAsync(new CreateServerFromSnapshotCommand(snapshot, name, type, location)));

        Assert.Equal([message], refused.Errors[field]);
        Assert.DoesNotContain(simulator.State.Requests, r => r is { Method: "POST", PathAndQuery: "/v1/servers" });
    }

    [Fact]
    public async Task A_taken_name_comes_back_from_Hetzner_beside_the_name_field()
    {
        var (simulator, module, snapshot) = await StartAsync();
        await using var _ = simulator;
        await using var __ = module;

        var refused = await Assert.ThrowsAsync<ValidationException>(() => module.SendAsync(new CreateServerFromSnapshotCommand(snapshot, "demo-worker", "cx22", "fsn1")));

        Assert.Equal([RestoreRefusals.TakenName("demo-worker")], refused.Errors["name"]);
        Assert.Contains(module.Audit.Events, e => e.Code == AuditCodes.ServerCreateFailed);
    }

    [Fact]
    public async Task Hetzner_refusals_are_one_plain_sentence_each()
    {
        var (simulator, module, snapshot) = await StartAsync();
        await using var _ = simulator;
        await using var __ = module;

        simulator.State.UnavailableServerTypes = ["cx22@fsn1"];
        var unavailable = await Assert.ThrowsAsync<ProblemException>(() => module.SendAsync(new CreateServerFromSnapshotCommand(snapshot, "copy", "cx22", "fsn1")));
        simulator.State.UnavailableServerTypes = [];
        simulator.State.ServerQuota = 2;
        var quota = await Assert.ThrowsAsync<ProblemException>(() => module.SendAsync(new CreateServerFromSnapshotCommand(snapshot, "copy", "cx22", "fsn1")));
        simulator.State.LockServer(SimulatorDefaults.DemoServerId, TimeSpan.FromMinutes(5));
        var locked = await Assert.ThrowsAsync<ProblemException>(() => module.SendAsync(new RebuildServerFromSnapshotCommand(snapshot, "demo-server", TakeFreshSnapshot: false)));

        Assert.Equal((409, RestoreRefusals.Unavailable("cx22", "fsn1")), (unavailable.StatusCode, unavailable.Message));
        Assert.Equal((409, RestoreRefusals.Quota), (quota.StatusCode, quota.Message));
        Assert.Equal((409, RestoreRefusals.Locked), (locked.StatusCode, locked.Message));
    }

    [Fact]
    public async Task A_rebuild_is_audited_before_it_is_sent_even_when_Hetzner_refuses_it()
    {
        var (simulator, module, snapshot) = await StartAsync();
        await using var _ = simulator;
        await using var __ = module;
        simulator.State.LockServer(SimulatorDefaults.DemoServerId, TimeSpan.FromMinutes(5));
        simulator.State.ClearRequests();

        await Assert.ThrowsAsync<ProblemException>(() => module.SendAsync(new RebuildServerFromSnapshotCommand(snapshot, "demo-server", TakeFreshSnapshot: false)));

        var codes = module.Audit.Events.Select(e => e.Code).ToList();
        Assert.True(codes.IndexOf(AuditCodes.ServerRebuildRequest) >= 0 && codes.IndexOf(AuditCodes.ServerRebuildRequest) < codes.IndexOf(AuditCodes.ServerRebuildFailed));
        Assert.Contains("WITHOUT a fresh snapshot", module.Audit.Events.Single(e => e.Code == AuditCodes.ServerRebuildRequest).Details, StringComparison.Ordinal);
        Assert.Contains(simulator.State.Requests, r => r is { Method: "POST", PathAndQuery: "/v1/servers/42/actions/rebuild", Status: 423 });
    }

    [Fact]
    public async Task A_wrong_server_name_refuses_the_rebuild_and_nothing_is_sent_or_audited()
    {
        var (simulator, module, snapshot) = await StartAsync();
        await using var _ = simulator;
        await using var __ = module;
        simulator.State.ClearRequests();

        var wrongCase = await Assert.ThrowsAsync<ValidationException>(() => module.SendAsync(new RebuildServerFromSnapshotCommand(snapshot, "Demo-Server")));
        var empty = await Assert.ThrowsAsync<ValidationException>(() => module.SendAsync(new RebuildServerFromSnapshotCommand(snapshot, "")));

        Assert.Contains("Type demo-server exactly", Assert.Single(wrongCase.Errors["confirmName"]), StringComparison.Ordinal);
        Assert.Equal(["Type the server's name to confirm the rebuild."], empty.Errors["confirmName"]);
        Assert.DoesNotContain(simulator.State.Requests, r => r.Method == "POST");
        Assert.DoesNotContain(module.Audit.Events, e => e.Code.StartsWith("HETZNER_SERVER_REBUILD", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rebuild_takes_a_fresh_snapshot_first_and_rebuilds_once_it_is_available()
    {
        var (simulator, module, snapshot) = await StartAsync();
        await using var _ = simulator;
        await using var __ = module;

        await module.WithWorkerAsync(async () =>
        {
            var started = await module.SendAsync(new RebuildServerFromSnapshotCommand(snapshot, "demo-server"));
            var done = await FinishedAsync(module, started.Id);

            Assert.Equal(RestoreStatus.Succeeded, done.Status);
            Assert.NotNull(done.FreshSnapshotOperationId);
        });

        var fresh = Assert.Single(simulator.State.Images, i => i.Id != snapshot);
        Assert.Equal(("available", "Before rebuild from before-upgrade"), (fresh.Status, fresh.Description));
        var createAt = simulator.State.Requests.ToList().FindIndex(r => r.PathAndQuery == "/v1/servers/42/actions/create_image");
        var rebuildAt = simulator.State.Requests.ToList().FindIndex(r => r.PathAndQuery == "/v1/servers/42/actions/rebuild");
        Assert.True(createAt >= 0 && rebuildAt > createAt, "The fresh snapshot is requested before the rebuild.");
        var codes = module.Audit.Events.Select(e => e.Code).ToList();
        Assert.True(codes.IndexOf(AuditCodes.ServerRebuildRequest) < codes.IndexOf(AuditCodes.ServerRebuildSend));
        Assert.Contains(AuditCodes.ServerRebuild, codes);
    }

    [Fact]
    public async Task Without_a_fresh_snapshot_the_rebuild_is_sent_at_once()
    {
        var (simulator, module, snapshot) = await StartAsync();
        await using var _ = simulator;
        await using var __ = module;

        var started = await module.SendAsync(new RebuildServerFromSnapshotCommand(snapshot, "demo-server", TakeFreshSnapshot: false));
        var done = await FinishedAsync(module, started.Id);

        Assert.Equal(RestoreStatus.Succeeded, done.Status);
        Assert.Null(done.FreshSnapshotOperationId);
        Assert.Single(simulator.State.Images);
        Assert.DoesNotContain(simulator.State.Requests, r => r.PathAndQuery.Contains("create_image", StringComparison.Ordinal));
    }
}
