using Hetzner.Simulator;
using Modules.Hetzner.Tests.Support;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Features.ChangeServerBackups;
using Panel.Modules.Hetzner.Features.GetServerBackups;
using Panel.Modules.Hetzner.Features.GetSettings;
using Panel.Modules.Hetzner.Features.PruneExpired;
using Panel.Modules.Hetzner.Features.RefreshSnapshots;
using Panel.Modules.Hetzner.Features.SaveSnapshotSettings;

namespace Modules.Hetzner.Tests.Features;

/// <summary>Issue 13 §5: Hetzner's own Backups read, switched on and off from the panel, with their cost, audited;
/// backups never enter pruning.</summary>
public sealed class ServerBackupsTests
{
    private const long Server = SimulatorDefaults.DemoServerId;

    [Fact]
    public async Task Backups_are_switched_on_with_their_window_and_cost_and_off_deleting_Hetzners_backups()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        simulator.State.ActionDuration = TimeSpan.FromMilliseconds(200);
        await using var module = await ModuleHarness.StartAsync(simulator);
        await module.SaveTokenAsync();
        Assert.Equal(false, (await module.SendAsync(new GetServerBackupsQuery())).Enabled);

        var on = await module.SendAsync(new ChangeServerBackupsCommand(true));

        Assert.Equal((true, "22-02", 7, 0), (on.Enabled, on.Window, on.Slots, on.InUse));
        // 20 % (pricing.server_backup.percentage) of cx22's gross monthly price in fsn1, 4.5101 EUR.
        Assert.Equal((0.90m, 4.5101m, 20m, "EUR"), (on.MonthlyCost, on.ServerMonthlyPrice, on.Percentage, on.Currency));
        Assert.Contains(simulator.State.Requests, r => r.Method == "POST" && r.PathAndQuery == $"/v1/servers/{Server}/actions/enable_backup" && r.Status == 201);
        var enabled = module.Audit.Events[^1];
        Assert.Equal("HETZNER_BACKUPS_ENABLE", enabled.Code);
        Assert.Equal("Hetzner Backups of server demo-server (42) switched on (daily window 22-02 UTC, 7 slots, 0.90 EUR a month).", enabled.Details);
        // The settings carry the same reading (the time as stored, to the database's precision).
        Assert.Equal(on with { CheckedAt = null }, (await module.SendAsync(new GetSettingsQuery())).Backups with { CheckedAt = null });

        simulator.State.AddImage(new SeedImage(Server, "backup one", Type: "backup"));
        simulator.State.AddImage(new SeedImage(Server, "backup two", Type: "backup"));
        Assert.Equal(2, (await module.SendAsync(new GetServerBackupsQuery())).InUse);

        var off = await module.SendAsync(new ChangeServerBackupsCommand(false));

        Assert.Equal((false, (string?)null, 0), (off.Enabled, off.Window, off.InUse));
        Assert.DoesNotContain(simulator.State.Images, i => i.Type == "backup");
        var disabled = module.Audit.Events[^1];
        Assert.Equal("HETZNER_BACKUPS_DISABLE", disabled.Code);
        Assert.Equal("Hetzner Backups of server demo-server (42) switched off; Hetzner deleted its 2 backup(s) with it.", disabled.Details);
        Assert.Equal(false, (await module.SendAsync(new GetSettingsQuery())).Backups.Enabled);
    }

    [Fact]
    public async Task A_locked_server_and_a_read_only_token_are_refused_with_one_plain_sentence_and_nothing_changes()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        await module.SaveTokenAsync();
        simulator.State.InjectFault(new Fault(FaultKind.Locked423, "POST", "enable_backup"));

        var locked = await Assert.ThrowsAsync<ProblemException>(() => module.SendAsync(new ChangeServerBackupsCommand(true)));

        Assert.Equal(409, locked.StatusCode);
        Assert.Equal(
            "Backups were not switched on: another action (a snapshot, for example) is still running on server demo-server (42) at Hetzner. Try again when it has finished.",
            locked.Message);

        // The saved token is made read-only in the project afterwards (saving refuses read-only tokens).
        simulator.State.AddToken(SimulatorDefaults.ReadWriteToken, readOnly: true);
        var readOnly = await Assert.ThrowsAsync<ProblemException>(() => module.SendAsync(new ChangeServerBackupsCommand(true)));

        Assert.Equal(502, readOnly.StatusCode);
        Assert.Equal("Backups were not switched on. The API token is read-only. Create a token with Read & Write permission in the Hetzner Console.", readOnly.Message);
        Assert.DoesNotContain(module.Audit.Events, e => e.Code.StartsWith("HETZNER_BACKUPS", StringComparison.Ordinal));
        Assert.DoesNotContain(simulator.State.Requests, r => r.PathAndQuery.EndsWith("/enable_backup", StringComparison.Ordinal) && r.Status == 201);
    }

    [Fact]
    public async Task Switching_off_is_audited_before_anything_is_sent_and_its_failure_after_with_the_error()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        simulator.State.ChangeBackups(Server, enabled: true);
        simulator.State.AddImage(new SeedImage(Server, "backup one", Type: "backup"));
        await module.SaveTokenAsync();
        simulator.State.InjectFault(new Fault(FaultKind.Locked423, "POST", "disable_backup"));

        await Assert.ThrowsAsync<ProblemException>(() => module.SendAsync(new ChangeServerBackupsCommand(false)));

        var events = module.Audit.Events.Where(e => e.Code.StartsWith("HETZNER_BACKUPS", StringComparison.Ordinal)).ToList();
        Assert.Equal(["HETZNER_BACKUPS_DISABLE_REQUEST", "HETZNER_BACKUPS_DISABLE_FAILED"], events.Select(e => e.Code));
        Assert.Equal("Switching Hetzner Backups of server demo-server (42) off requested; Hetzner deletes its 1 backup(s) with it.", events[0].Details);
        Assert.Equal(
            "Switching Hetzner Backups of server demo-server (42) off failed. Backups were not switched off: another action (a snapshot, for example) is still running on server demo-server (42) at Hetzner. Try again when it has finished.",
            events[1].Details);
        Assert.Contains(simulator.State.Images, i => i.Type == "backup");
    }

    [Fact]
    public async Task Switching_off_counts_the_backups_Hetzner_holds_now_not_those_of_the_last_reading()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        simulator.State.ActionDuration = TimeSpan.FromMilliseconds(200);
        await using var module = await ModuleHarness.StartAsync(simulator);
        simulator.State.ChangeBackups(Server, enabled: true);
        simulator.State.AddImage(new SeedImage(Server, "backup one", Type: "backup"));
        await module.SaveTokenAsync();
        Assert.Equal(1, (await module.SendAsync(new GetServerBackupsQuery())).InUse);
        // Hetzner's window comes round after the last reading.
        simulator.State.AddImage(new SeedImage(Server, "backup two", Type: "backup"));

        await module.SendAsync(new ChangeServerBackupsCommand(false));

        var events = module.Audit.Events.Where(e => e.Code.StartsWith("HETZNER_BACKUPS", StringComparison.Ordinal)).ToList();
        Assert.Equal(["HETZNER_BACKUPS_DISABLE_REQUEST", "HETZNER_BACKUPS_DISABLE"], events.Select(e => e.Code));
        Assert.Contains("Hetzner deletes its 2 backup(s) with it", events[0].Details, StringComparison.Ordinal);
        Assert.Equal("Hetzner Backups of server demo-server (42) switched off; Hetzner deleted its 2 backup(s) with it.", events[1].Details);
    }

    [Fact]
    public async Task More_backups_than_the_confirmation_named_stop_the_switch_before_anything_is_sent()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        simulator.State.ChangeBackups(Server, enabled: true);
        simulator.State.AddImage(new SeedImage(Server, "backup one", Type: "backup"));
        simulator.State.AddImage(new SeedImage(Server, "backup two", Type: "backup"));
        await module.SaveTokenAsync();

        var refused = await Assert.ThrowsAsync<ValidationException>(() => module.SendAsync(new ChangeServerBackupsCommand(false, ConfirmedBackups: 1)));

        Assert.Equal(
            ["Hetzner now holds 2 backups of the server, not the 1 backup you confirmed: nothing was switched off. Confirm again to delete all 2."],
            refused.Errors["confirmedBackups"]);
        Assert.DoesNotContain(simulator.State.Requests, r => r.PathAndQuery.EndsWith("/disable_backup", StringComparison.Ordinal));
        Assert.DoesNotContain(module.Audit.Events, e => e.Code.StartsWith("HETZNER_BACKUPS", StringComparison.Ordinal));
        Assert.Equal(2, simulator.State.Images.Count(i => i.Type == "backup"));
    }

    [Fact]
    public async Task Without_a_token_nothing_is_read_or_switched()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);

        var refused = await Assert.ThrowsAsync<ProblemException>(() => module.SendAsync(new ChangeServerBackupsCommand(true)));

        Assert.Equal(409, refused.StatusCode);
        Assert.Null((await module.SendAsync(new GetSettingsQuery())).Backups.Enabled);
        Assert.DoesNotContain(simulator.State.Requests, r => r.PathAndQuery.Contains("backup", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Backups_of_a_server_with_Hetzner_Backups_on_stay_out_of_pruning()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        simulator.State.ChangeBackups(Server, enabled: true);
        var now = DateTimeOffset.UtcNow;
        var oldBackup = simulator.State.AddImage(new SeedImage(Server, "backup-old", now.AddDays(-6), Auto.Labels("42"), Type: "backup"));
        var expired = simulator.State.AddImage(new SeedImage(Server, "auto-old", now.AddDays(-9), Auto.Labels("42")));
        simulator.State.AddImage(new SeedImage(Server, "auto-newest", now.AddDays(-8), Auto.Labels("42")));
        await module.SaveTokenAsync();
        await module.SendAsync(new SaveSnapshotSettingsCommand(false, 12, 1, 1));
        await module.SendAsync(new RefreshSnapshotsCommand());

        var report = await module.SendAsync(new PruneExpiredCommand(DryRun: false));

        Assert.Equal([expired], report.Delete.Select(e => e.Id));
        Assert.DoesNotContain(report.Keep, e => e.Id == oldBackup);
        Assert.Contains(simulator.State.Images, i => i.Id == oldBackup && i.Type == "backup");
        Assert.DoesNotContain(simulator.State.Requests, r => r.Method == "DELETE" && r.PathAndQuery == $"/v1/images/{oldBackup}");
    }
}
