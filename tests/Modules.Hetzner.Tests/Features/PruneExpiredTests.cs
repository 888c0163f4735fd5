using Hetzner.Simulator;
using Modules.Hetzner.Tests.Support;
using Panel.Modules.Hetzner.Features.PruneExpired;
using Panel.Modules.Hetzner.Features.RefreshSnapshots;
using Panel.Modules.Hetzner.Features.SaveSnapshotSettings;

namespace Modules.Hetzner.Tests.Features;

public sealed class PruneExpiredTests
{
    [Fact]
    public async Task Prune_deletes_only_expired_automatic_snapshots_of_this_server_and_records_the_counts()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        var now = DateTimeOffset.UtcNow;
        var expired = simulator.State.AddImage(new SeedImage(42, "auto-old", now.AddDays(-9), Auto.Labels("42")));
        var protectedOld = simulator.State.AddImage(new SeedImage(42, "auto-old-protected", now.AddDays(-9), Auto.Labels("42"), DeleteProtected: true));
        var newest = simulator.State.AddImage(new SeedImage(42, "auto-newest", now.AddDays(-8), Auto.Labels("42")));
        var manualOld = simulator.State.AddImage(new SeedImage(42, "manual-old", now.AddDays(-30)));
        var otherServer = simulator.State.AddImage(new SeedImage(43, "auto-other-server", now.AddDays(-30), Auto.Labels("43")));
        await module.SaveTokenAsync();
        await module.SendAsync(new SaveSnapshotSettingsCommand(false, 12, 7, 1));
        await module.SendAsync(new RefreshSnapshotsCommand());

        var preview = await module.SendAsync(new PruneExpiredCommand(DryRun: true));
        Assert.True(preview.DryRun);
        Assert.Equal([expired], preview.Delete.Select(e => e.Id));
        Assert.Equal(5, simulator.State.Images.Count);

        var report = await module.SendAsync(new PruneExpiredCommand(DryRun: false));

        Assert.Equal([expired], report.Delete.Select(e => e.Id));
        Assert.Equal([newest, protectedOld, manualOld], report.Keep.Select(e => e.Id));
        Assert.Equal(new[] { protectedOld, newest, manualOld, otherServer }.Order(), simulator.State.Images.Select(i => i.Id).Order());
        var audit = module.Audit.Events[^1];
        Assert.Equal("HETZNER_SNAPSHOT_PRUNE", audit.Code);
        Assert.Contains("1 deleted, 2 automatic kept, 0 failed", audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prune_the_admin_started_whose_deletes_fail_raises_the_same_event_and_critical_alert_as_an_automatic_one()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        var now = DateTimeOffset.UtcNow;
        var expired = simulator.State.AddImage(new SeedImage(42, "auto-old", now.AddDays(-9), Auto.Labels("42")));
        simulator.State.AddImage(new SeedImage(42, "auto-newest", now.AddDays(-8), Auto.Labels("42")));
        await module.SaveTokenAsync();
        await module.SendAsync(new SaveSnapshotSettingsCommand(false, 12, 7, 1));
        await module.SendAsync(new RefreshSnapshotsCommand());
        simulator.State.InjectFault(new Fault(FaultKind.Locked423, "DELETE", Count: 100));

        var report = await module.SendAsync(new PruneExpiredCommand(DryRun: false));

        Assert.Equal([expired], report.Failed.Select(f => f.Id));
        Assert.Contains(module.Audit.Events, e => e.Code == "HETZNER_SNAPSHOT_PRUNE_FAILED" && e.Details.Contains($"({expired})", StringComparison.Ordinal));
        var alert = Assert.Single(module.Notifier.Raised);
        Assert.Equal((Panel.Contracts.NotificationSeverity.Critical, "Cleaning snapshots failed"), (alert.Severity, alert.Title));
        Assert.Contains($"({expired})", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prune_whose_caller_goes_away_mid_way_still_records_every_deletion()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        var now = DateTimeOffset.UtcNow;
        var expired = Enumerable.Range(1, 3)
            .Select(i => simulator.State.AddImage(new SeedImage(42, $"auto-old-{i}", now.AddDays(-10 - i), Auto.Labels("42"))))
            .ToList();
        simulator.State.AddImage(new SeedImage(42, "auto-new", now.AddDays(-1), Auto.Labels("42")));
        await module.SaveTokenAsync();
        await module.SendAsync(new SaveSnapshotSettingsCommand(false, 12, 7, 1));
        await module.SendAsync(new RefreshSnapshotsCommand());
        // The first delete is carried out but its answer is lost; the retry waits a second before it is answered, and
        // meanwhile the admin closes the page (the request is aborted).
        simulator.State.InjectFault(new Fault(FaultKind.DropConnectionAfterProcessing, "DELETE"));
        simulator.State.Latency = TimeSpan.FromSeconds(1);
        using var aborted = new CancellationTokenSource();

        var prune = module.SendAsync(new PruneExpiredCommand(DryRun: false), aborted.Token);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (simulator.State.Images.Count == 4)
        {
            await Task.Delay(5, wait.Token);
        }

        await aborted.CancelAsync();
        try
        {
            await prune;
        }
        catch (OperationCanceledException)
        {
        }

        var gone = expired.Where(id => simulator.State.Images.All(i => i.Id != id)).ToList();
        Assert.NotEmpty(gone);
        Assert.All(gone, id => Assert.Contains(module.Audit.Events, e =>
            e.Code == "HETZNER_SNAPSHOT_PRUNE_DELETE" && e.Details.Contains($"({id})", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_protection_switched_on_after_the_last_refresh_is_respected()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        var now = DateTimeOffset.UtcNow;
        var old = simulator.State.AddImage(new SeedImage(42, "auto-old", now.AddDays(-9), Auto.Labels("42")));
        simulator.State.AddImage(new SeedImage(42, "auto-new", now.AddDays(-1), Auto.Labels("42")));
        await module.SaveTokenAsync();
        await module.SendAsync(new RefreshSnapshotsCommand());
        await simulator.ProtectImageAsync(old);

        var report = await module.SendAsync(new PruneExpiredCommand(DryRun: false));

        Assert.Empty(report.Delete);
        Assert.Empty(report.Failed);
        Assert.Equal(2, simulator.State.Images.Count);
    }
}
