using Hetzner.Simulator;
using Modules.Hetzner.Tests.Support;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Features.CreateServerFromSnapshot;
using Panel.Modules.Hetzner.Features.GetRestoreOperation;
using Panel.Modules.Hetzner.Features.RebuildServerFromSnapshot;
using Panel.Modules.Hetzner.Features.RefreshSnapshots;
using Panel.Modules.Hetzner.Restore;
using Panel.Modules.Hetzner.Features.CreateSnapshot;
using Panel.Modules.Hetzner.Features.GetSnapshotOperation;
using Panel.Modules.Hetzner.Data;
using Panel.Contracts;

namespace Modules.Hetzner.Tests.Features;

/// <summary>Restore when Hetzner's answer is lost or ambiguous (ADR-0033), and the alert for a failed manual snapshot (issue 13 §2).</summary>
public sealed class RestoreAmbiguityTests
{
    // The same panel, simulator and snapshot as the other restore tests.
    private static Task<(SimulatorHost Simulator, ModuleHarness Module, long Snapshot)> StartAsync() => RestoreTests.StartAsync();

    private static Task<RestoreOperationView> FinishedAsync(ModuleHarness module, long operationId) => RestoreTests.FinishedAsync(module, operationId);

    [Fact]
    public async Task A_504_on_create_with_an_existing_name_is_not_reported_as_a_new_server()
    {
        var (simulator, module, snapshot) = await StartAsync();
        await using var _ = simulator;
        await using var __ = module;
        simulator.State.InjectFault(new Fault(FaultKind.Timeout504, "POST", "/v1/servers"));

        RestoreOperationView? done = null;
        Exception? refused = null;
        try
        {
            var started = await module.SendAsync(new CreateServerFromSnapshotCommand(snapshot, SimulatorDefaults.SecondServerName, "cx22", "fsn1"));
            done = await FinishedAsync(module, started.Id);
        }
        catch (Exception ex)
        {
            refused = ex;
        }

        Assert.True(done?.Status != RestoreStatus.Succeeded,
            $"Reported success for a server that existed before: {done?.Step}; audit: {string.Join(" | ", module.Audit.Events.Select(e => e.Code + ": " + e.Details))}");
        Assert.NotNull(refused);
    }

    [Fact]
    public async Task A_create_whose_answer_is_lost_is_found_by_name_and_made_once()
    {
        var (simulator, module, snapshot) = await StartAsync();
        await using var _ = simulator;
        await using var __ = module;
        simulator.State.InjectFault(new Fault(FaultKind.DropConnectionAfterProcessing, "POST", "/v1/servers"));

        var started = await module.SendAsync(new CreateServerFromSnapshotCommand(snapshot, "copy-1", "cx22", "fsn1"));
        var done = await FinishedAsync(module, started.Id);

        Assert.Equal(RestoreStatus.Succeeded, done.Status);
        Assert.Single(simulator.State.Requests, r => r is { Method: "POST", PathAndQuery: "/v1/servers" } );
    }

    [Fact]
    public async Task A_rebuild_whose_answer_is_lost_is_found_running_and_not_sent_again()
    {
        var (simulator, module, snapshot) = await StartAsync();
        await using var _ = simulator;
        await using var __ = module;
        simulator.State.InjectFault(new Fault(FaultKind.DropConnectionAfterProcessing, "POST", "/actions/rebuild"));

        var started = await module.SendAsync(new RebuildServerFromSnapshotCommand(snapshot, "demo-server", TakeFreshSnapshot: false));
        var done = await FinishedAsync(module, started.Id);

        Assert.Equal(RestoreStatus.Succeeded, done.Status);
        Assert.Single(simulator.State.Requests, r => r is { Method: "POST", PathAndQuery: "/v1/servers/42/actions/rebuild" });
    }

    [Fact]
    public async Task A_failed_manual_snapshot_raises_a_critical_notification()
    {
        var (simulator, module, _) = await StartAsync();
        await using var _s = simulator;
        await using var _m = module;
        simulator.State.InjectFault(new Fault(FaultKind.ActionError, "POST", "create_image"));

        await module.WithWorkerAsync(async () =>
        {
            var run = await module.SendAsync(new CreateSnapshotCommand("manual-x"));
            await Eventually.WaitUntilAsync(async () => (await module.SendAsync(new GetSnapshotOperationQuery(run.Id))).Finished);
            Assert.Equal(RunStatus.Failed, (await module.SendAsync(new GetSnapshotOperationQuery(run.Id))).Status);
        });

        Assert.Contains(module.Notifier.Raised, n => n.Severity == NotificationSeverity.Critical);
    }
}
