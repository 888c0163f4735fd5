namespace Hetzner.Simulator.Tests.Cli;

/// <summary>Hetzner Backups through the real <c>hcloud</c> CLI: the simulator answers as the CLI expects.</summary>
public sealed class CliBackupTests
{
    [Fact]
    public async Task Enable_backup_shows_the_window_in_describe_and_disable_backup_removes_it_and_the_backups()
    {
        await using var sim = await SimulatorHost.StartAsync();
        sim.State.ActionDuration = TimeSpan.FromSeconds(1);
        sim.State.AddImage(new SeedImage(42, "an older backup", Type: "backup"));
        var token = SimulatorDefaults.ReadWriteToken;

        var before = await HcloudCli.RunAsync(sim, token, "server", "describe", "42");
        var enabled = await HcloudCli.RunAsync(sim, token, "server", "enable-backup", "42");
        var on = await HcloudCli.RunAsync(sim, token, "server", "describe", "42");
        var disabled = await HcloudCli.RunAsync(sim, token, "server", "disable-backup", SimulatorDefaults.DemoServerName);
        var off = await HcloudCli.RunAsync(sim, token, "server", "describe", "42");

        Assert.True(before.ExitCode == 0, before.Output);
        Assert.Contains("Backup Window:\tBackups disabled", before.StdOut, StringComparison.Ordinal);
        Assert.True(enabled.ExitCode == 0, enabled.Output);
        Assert.Equal("Backup enabled for server 42", enabled.StdOut.Trim());
        Assert.Contains("Backup Window:\t22-02", on.StdOut, StringComparison.Ordinal);
        Assert.True(disabled.ExitCode == 0, disabled.Output);
        Assert.Equal("Backup disabled for server 42", disabled.StdOut.Trim());
        Assert.Contains("Backup Window:\tBackups disabled", off.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain(sim.State.Images, i => i.Type == "backup");
        Assert.Contains(sim.State.Requests, r => r.PathAndQuery == "/v1/servers/42/actions/enable_backup" && r.Status == 201);
        Assert.Contains(sim.State.Requests, r => r.PathAndQuery == "/v1/servers/42/actions/disable_backup" && r.Status == 201);
    }

    [Fact]
    public async Task Enable_backup_on_a_read_only_token_is_refused()
    {
        await using var sim = await SimulatorHost.StartAsync();

        var result = await HcloudCli.RunAsync(sim, SimulatorDefaults.ReadOnlyToken, "server", "enable-backup", "42");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("token_readonly", result.Output, StringComparison.Ordinal);
    }
}
