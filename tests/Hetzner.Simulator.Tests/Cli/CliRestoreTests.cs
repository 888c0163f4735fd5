using System.Text.Json;

namespace Hetzner.Simulator.Tests.Cli;

/// <summary>The calls behind "create a server from a snapshot" and "rebuild from a snapshot", refereed by hcloud 1.30.3.</summary>
public sealed class CliRestoreTests
{
    private static long SeedSnapshot(SimulatorHost sim) => sim.State.AddImage(new SeedImage(42, "before-upgrade"));

    [Fact]
    public async Task Server_create_from_a_snapshot_waits_until_it_runs_and_prints_its_addresses()
    {
        await using var sim = await SimulatorHost.StartAsync();
        sim.State.ActionDuration = TimeSpan.FromMilliseconds(700);
        var snapshot = SeedSnapshot(sim);

        var result = await HcloudCli.RunAsync(
            sim, SimulatorDefaults.ReadWriteToken, "server", "create", "--image", $"{snapshot}", "--type", "cx32", "--location", "nbg1", "--name", "upgrade-test");

        Assert.True(result.ExitCode == 0, result.Output);
        var lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("Server 44 created", lines);
        Assert.Contains("IPv4: 203.0.113.12", lines);
        Assert.Contains(lines, l => l.StartsWith("Waiting for server 44 to have started", StringComparison.Ordinal) && l.EndsWith("done", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("Root password", StringComparison.Ordinal));
        Assert.Contains(sim.State.Requests, r => r is { Method: "POST", PathAndQuery: "/v1/servers", Status: 201 });

        var described = await HcloudCli.RunAsync(sim, SimulatorDefaults.ReadOnlyToken, "server", "describe", "upgrade-test", "-o", "json");
        Assert.True(described.ExitCode == 0, described.Output);
        var server = JsonDocument.Parse(described.StdOut).RootElement;
        Assert.Equal("running", server.GetProperty("status").GetString());
        Assert.Equal("cx32", server.GetProperty("server_type").GetProperty("name").GetString());
        Assert.Equal(80, server.GetProperty("primary_disk_size").GetInt32());
        Assert.Equal(snapshot, server.GetProperty("image").GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Server_create_refusals_come_back_as_the_cli_prints_them()
    {
        await using var sim = await SimulatorHost.StartAsync();
        sim.State.ActionDuration = TimeSpan.FromMilliseconds(200);
        var snapshot = $"{SeedSnapshot(sim)}";
        sim.State.UnavailableServerTypes = ["cx22@hel1"];

        var taken = await HcloudCli.RunAsync(sim, SimulatorDefaults.ReadWriteToken, "server", "create", "--image", snapshot, "--type", "cx22", "--name", "demo-server");
        var badName = await HcloudCli.RunAsync(sim, SimulatorDefaults.ReadWriteToken, "server", "create", "--image", snapshot, "--type", "cx22", "--name", "not_a_host");
        var unavailable = await HcloudCli.RunAsync(sim, SimulatorDefaults.ReadWriteToken, "server", "create", "--image", snapshot, "--type", "cx22", "--location", "hel1", "--name", "copy");
        var tooSmall = await HcloudCli.RunAsync(sim, SimulatorDefaults.ReadWriteToken, "server", "create", "--image", snapshot, "--type", "cax11", "--name", "copy");
        sim.State.ServerQuota = 2;
        var quota = await HcloudCli.RunAsync(sim, SimulatorDefaults.ReadWriteToken, "server", "create", "--image", snapshot, "--type", "cx22", "--name", "copy");

        Assert.Equal(("hcloud: server name is already used (uniqueness_error)", 1), (taken.StdErr.Trim(), taken.ExitCode));
        Assert.Contains("(invalid_input)", badName.StdErr, StringComparison.Ordinal);
        Assert.Equal("hcloud: server type cx22 is unavailable in location hel1 (resource_unavailable)", unavailable.StdErr.Trim());
        Assert.Contains("(invalid_input)", tooSmall.StdErr, StringComparison.Ordinal);
        Assert.Equal("hcloud: server limit exceeded (resource_limit_exceeded)", quota.StdErr.Trim());
        Assert.DoesNotContain(sim.State.Requests, r => r is { Method: "POST", Status: 201 });
    }

    [Fact]
    public async Task Server_rebuild_from_a_snapshot_waits_for_the_action()
    {
        await using var sim = await SimulatorHost.StartAsync();
        sim.State.ActionDuration = TimeSpan.FromMilliseconds(700);
        var snapshot = SeedSnapshot(sim);

        var result = await HcloudCli.RunAsync(sim, SimulatorDefaults.ReadWriteToken, "server", "rebuild", "--image", $"{snapshot}", "demo-server");

        Assert.True(result.ExitCode == 0, result.Output);
        // A snapshot has no name, so the CLI names none.
        Assert.Equal("Server 42 rebuilt with image", result.StdOut.Trim());
        Assert.Contains(sim.State.Requests, r => r is { Method: "POST", PathAndQuery: "/v1/servers/42/actions/rebuild", Status: 201 });
        Assert.Contains(sim.State.Requests, r => r.PathAndQuery.StartsWith("/v1/actions?id=", StringComparison.Ordinal));
        var described = await HcloudCli.RunAsync(sim, SimulatorDefaults.ReadOnlyToken, "server", "describe", "42", "-o", "json");
        var server = JsonDocument.Parse(described.StdOut).RootElement;
        Assert.Equal(("running", snapshot), (server.GetProperty("status").GetString(), server.GetProperty("image").GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Server_rebuild_of_a_locked_server_is_refused()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var snapshot = SeedSnapshot(sim);
        sim.State.LockServer(42, TimeSpan.FromMinutes(5));

        var result = await HcloudCli.RunAsync(sim, SimulatorDefaults.ReadWriteToken, "server", "rebuild", "--image", $"{snapshot}", "42");

        Assert.Equal(("hcloud: server is locked by a running action (locked)", 1), (result.StdErr.Trim(), result.ExitCode));
    }

    [Fact]
    public async Task Server_type_list_shows_the_catalog_with_disk_and_memory()
    {
        await using var sim = await SimulatorHost.StartAsync();

        var table = await HcloudCli.RunAsync(sim, SimulatorDefaults.ReadOnlyToken, "server-type", "list");
        var json = await HcloudCli.RunAsync(sim, SimulatorDefaults.ReadOnlyToken, "server-type", "list", "-o", "json");

        Assert.True(table.ExitCode == 0, table.Output);
        var cx32 = table.StdOut.Split('\n').Single(l => l.StartsWith("105 ", StringComparison.Ordinal));
        Assert.Matches(@"^105\s+cx32\s+4\s+shared\s+8\.0 GB\s+80 GB\s+local\s*$", cx32);
        var types = JsonDocument.Parse(json.StdOut).RootElement.EnumerateArray().ToList();
        Assert.Equal(["cax11", "cpx11", "cx22", "cx32", "cx42"], types.Select(t => t.GetProperty("name").GetString()).Order());
        var cx22Prices = types.Single(t => t.GetProperty("name").GetString() == "cx22").GetProperty("prices").EnumerateArray().ToList();
        Assert.Equal(["fsn1", "nbg1", "hel1"], cx22Prices.Select(p => p.GetProperty("location").GetString()));
        Assert.Equal("3.7900", cx22Prices[0].GetProperty("price_monthly").GetProperty("net").GetString());
    }

    [Fact]
    public async Task Location_list_shows_every_location_with_its_network_zone()
    {
        await using var sim = await SimulatorHost.StartAsync();

        var table = await HcloudCli.RunAsync(sim, SimulatorDefaults.ReadOnlyToken, "location", "list");
        var json = await HcloudCli.RunAsync(sim, SimulatorDefaults.ReadOnlyToken, "location", "list", "-o", "json");

        Assert.True(table.ExitCode == 0, table.Output);
        Assert.Matches(@"(?m)^3\s+hel1\s+Helsinki DC Park 1\s+eu-central\s+FI\s+Helsinki\s*$", table.StdOut);
        var locations = JsonDocument.Parse(json.StdOut).RootElement.EnumerateArray().ToList();
        Assert.Equal(["fsn1", "nbg1", "hel1", "ash"], locations.Select(l => l.GetProperty("name").GetString()));
        Assert.Equal("us-east", locations[3].GetProperty("network_zone").GetString());
    }
}
