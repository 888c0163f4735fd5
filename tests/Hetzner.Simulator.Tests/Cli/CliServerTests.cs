using System.Text.Json;

namespace Hetzner.Simulator.Tests.Cli;

public sealed class CliServerTests
{
    [Fact]
    public async Task Server_list_shows_the_demo_project()
    {
        await using var sim = await SimulatorHost.StartAsync();

        var result = await HcloudCli.RunAsync(sim, SimulatorDefaults.ReadWriteToken, "server", "list");

        Assert.Equal(0, result.ExitCode);
        var demoLine = result.StdOut.Split('\n').Single(l => l.StartsWith("42 ", StringComparison.Ordinal));
        Assert.Contains(SimulatorDefaults.DemoServerName, demoLine, StringComparison.Ordinal);
        Assert.Contains("running", demoLine, StringComparison.Ordinal);
        Assert.Contains("203.0.113.10", demoLine, StringComparison.Ordinal);
        Assert.Contains(sim.State.Requests, r => r.PathAndQuery == "/v1/servers?page=1&per_page=50&sort=id%3Aasc" && r.Status == 200);
    }

    [Fact]
    public async Task Server_list_as_json_carries_both_servers_with_disk_and_address()
    {
        await using var sim = await SimulatorHost.StartAsync();

        var result = await HcloudCli.RunAsync(sim, SimulatorDefaults.ReadWriteToken, "server", "list", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StdOut);
        var servers = json.RootElement.EnumerateArray().ToList();
        Assert.Equal([42L, 43L], servers.Select(s => s.GetProperty("id").GetInt64()));
        var demo = servers[0];
        Assert.Equal(SimulatorDefaults.DemoServerName, demo.GetProperty("name").GetString());
        Assert.Equal(40, demo.GetProperty("primary_disk_size").GetInt32());
        Assert.Equal("203.0.113.10", demo.GetProperty("public_net").GetProperty("ipv4").GetProperty("ip").GetString());
    }

    [Fact]
    public async Task Create_image_waits_for_the_action_and_leaves_an_available_labelled_snapshot()
    {
        await using var sim = await SimulatorHost.StartAsync();
        sim.State.ActionDuration = TimeSpan.FromSeconds(1.2);

        var result = await HcloudCli.RunAsync(
            sim, SimulatorDefaults.ReadWriteToken, "server", "create-image", "--type", "snapshot", "--description", "D", "--label", "k=v", "42");

        Assert.True(result.ExitCode == 0, result.Output);
        var image = Assert.Single(sim.State.Images);
        Assert.Equal($"Image {image.Id} created from server 42", result.StdOut.Trim());
        Assert.Equal(("snapshot", "available", "D", 42L), (image.Type, image.Status, image.Description, image.CreatedFromServerId));
        Assert.Equal(new Dictionary<string, string> { ["k"] = "v" }, image.Labels);
        Assert.InRange(image.ImageSizeGb ?? 0, 1.5, 3.0);
        var polls = sim.State.Requests.Where(r => r.PathAndQuery.StartsWith("/v1/actions?id=", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(polls);
        Assert.All(polls, p => Assert.Equal(200, p.Status));
    }

    [Fact]
    public async Task Create_image_reports_a_failed_action()
    {
        await using var sim = await SimulatorHost.StartAsync();
        sim.State.ActionDuration = TimeSpan.FromMilliseconds(300);
        sim.State.InjectFault(new Fault(FaultKind.ActionError));

        var result = await HcloudCli.RunAsync(sim, SimulatorDefaults.ReadWriteToken, "server", "create-image", "--type", "snapshot", "42");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("action_failed", result.Output, StringComparison.Ordinal);
        Assert.Empty(sim.State.Images);
    }

    [Fact]
    public async Task Create_image_on_a_read_only_token_is_refused()
    {
        await using var sim = await SimulatorHost.StartAsync();

        var result = await HcloudCli.RunAsync(sim, SimulatorDefaults.ReadOnlyToken, "server", "create-image", "--type", "snapshot", "42");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("token_readonly", result.Output, StringComparison.Ordinal);
        Assert.Empty(sim.State.Images);
    }

    [Fact]
    public async Task A_server_name_is_resolved_through_the_name_filter()
    {
        await using var sim = await SimulatorHost.StartAsync();

        var result = await HcloudCli.RunAsync(sim, SimulatorDefaults.ReadOnlyToken, "server", "describe", SimulatorDefaults.DemoServerName);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("203.0.113.10", result.StdOut, StringComparison.Ordinal);
        Assert.Contains(sim.State.Requests, r => r.PathAndQuery == "/v1/servers?name=demo-server");
    }
}
