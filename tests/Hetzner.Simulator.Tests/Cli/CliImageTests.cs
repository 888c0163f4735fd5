using System.Text.Json;

namespace Hetzner.Simulator.Tests.Cli;

public sealed class CliImageTests
{
    [Fact]
    public async Task Image_list_with_selector_follows_pages_and_returns_exactly_the_matching_snapshots()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var matching = Seed(sim, 57, new() { ["k"] = "v" });
        Seed(sim, 6, new() { ["k"] = "w" });
        Seed(sim, 4, []);
        sim.State.AddImage(new SeedImage(42, "backup", Labels: new Dictionary<string, string> { ["k"] = "v" }, Type: "backup"));

        var result = await HcloudCli.RunAsync(
            sim, SimulatorDefaults.ReadWriteToken, "image", "list", "--type", "snapshot", "--selector", "k=v", "-o", "json");

        Assert.True(result.ExitCode == 0, result.Output);
        using var json = JsonDocument.Parse(result.StdOut);
        var ids = json.RootElement.EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(matching, ids);
        var pages = sim.State.Requests.Select(r => r.PathAndQuery).Where(p => p.StartsWith("/v1/images?", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, pages.Count);
        Assert.Contains("page=2", pages[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Image_delete_removes_the_snapshot()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var id = sim.State.AddImage(new SeedImage(42, "old"));

        var result = await HcloudCli.RunAsync(sim, SimulatorDefaults.ReadWriteToken, "image", "delete", id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains($"image {id} deleted", result.StdOut, StringComparison.Ordinal);
        Assert.Empty(sim.State.Images);
        Assert.Contains(sim.State.Requests, r => r.Method == "DELETE" && r.Status == 204);
    }

    [Theory]
    [InlineData(SimulatorDefaults.ReadWriteToken, true, "(protected)")]
    [InlineData(SimulatorDefaults.ReadOnlyToken, false, "(token_readonly)")]
    public async Task Image_delete_is_refused_for_protection_and_read_only_tokens(string token, bool deleteProtected, string expected)
    {
        await using var sim = await SimulatorHost.StartAsync();
        var id = sim.State.AddImage(new SeedImage(42, "keep", DeleteProtected: deleteProtected));

        var result = await HcloudCli.RunAsync(sim, token, "image", "delete", id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.Output, StringComparison.Ordinal);
        Assert.Single(sim.State.Images);
    }

    /// <summary>Issue 13 §3: the panel's "keep forever" uses the call the CLI makes for these commands.</summary>
    [Fact]
    public async Task Image_enable_and_disable_protection_change_delete_protection()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var id = sim.State.AddImage(new SeedImage(42, "keep")).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var enabled = await HcloudCli.RunAsync(sim, SimulatorDefaults.ReadWriteToken, "image", "enable-protection", id, "delete");

        Assert.True(enabled.ExitCode == 0, enabled.Output);
        Assert.True(sim.State.Images.Single().DeleteProtected);
        var refused = await HcloudCli.RunAsync(sim, SimulatorDefaults.ReadWriteToken, "image", "delete", id);
        Assert.Contains("(protected)", refused.Output, StringComparison.Ordinal);

        var disabled = await HcloudCli.RunAsync(sim, SimulatorDefaults.ReadWriteToken, "image", "disable-protection", id, "delete");

        Assert.True(disabled.ExitCode == 0, disabled.Output);
        Assert.False(sim.State.Images.Single().DeleteProtected);
        Assert.Equal(2, sim.State.Requests.Count(r => r.Method == "POST" && r.PathAndQuery == $"/v1/images/{id}/actions/change_protection" && r.Status == 201));
    }

    [Fact]
    public async Task Image_enable_protection_is_refused_for_a_backup()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var id = sim.State.AddImage(new SeedImage(42, "backup", Type: "backup")).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var result = await HcloudCli.RunAsync(sim, SimulatorDefaults.ReadWriteToken, "image", "enable-protection", id, "delete");

        Assert.NotEqual(0, result.ExitCode);
        Assert.False(sim.State.Images.Single().DeleteProtected);
    }

    [Fact]
    public async Task An_unknown_token_is_unauthorized()
    {
        await using var sim = await SimulatorHost.StartAsync();

        var result = await HcloudCli.RunAsync(sim, new string('x', 64), "image", "list");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("(unauthorized)", result.Output, StringComparison.Ordinal);
    }

    private static List<long> Seed(SimulatorHost sim, int count, Dictionary<string, string> labels) =>
        [.. Enumerable.Range(0, count).Select(i => sim.State.AddImage(new SeedImage(42, $"snap {i}", Labels: labels)))];
}
