using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hetzner.Simulator;
using Modules.Hetzner.Tests.Support;

namespace Modules.Hetzner.Tests.Api;

/// <summary>Issue 13 §4 over the JSON API: GetRestoreChoices, CreateServerFromSnapshot, RebuildServerFromSnapshot, GetRestoreOperation.</summary>
public sealed class RestoreApiTests
{
    /// <summary>A client of a panel whose token is saved and whose snapshot list was read from Hetzner.</summary>
    internal static async Task<HttpClient> ConnectedClientAsync(Panel.Module.Testing.ModuleTestHost<Panel.Modules.Hetzner.HetznerModule> panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        var client = panel.CreateClient();
        (await client.PutAsJsonAsync("api/modules/hetzner/settings/token", new { token = SimulatorDefaults.ReadWriteToken })).EnsureSuccessStatusCode();
        (await client.PostAsync(new Uri("api/modules/hetzner/snapshots/refresh", UriKind.Relative), null)).EnsureSuccessStatusCode();
        return client;
    }

    private static async Task<JsonElement> PollUntilFinishedAsync(HttpClient client, long operationId)
    {
        JsonElement operation = default;
        await Eventually.WaitUntilAsync(async () =>
        {
            operation = JsonDocument.Parse(await client.GetStringAsync(new Uri($"api/modules/hetzner/restore/operations/{operationId}", UriKind.Relative))).RootElement;
            return operation.GetProperty("finished").GetBoolean();
        });
        return operation;
    }

    /// <summary>The 202's Location, resolved as HTTP clients do, is the restore operation the body describes; answers its id.</summary>
    private static async Task<long> AssertLocationLeadsToOperationAsync(HttpClient client, HttpResponseMessage accepted)
    {
        var id = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var location = new Uri(accepted.RequestMessage!.RequestUri!, accepted.Headers.Location!);
        using var followed = await client.GetAsync(location);
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        Assert.Equal(id, (await followed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        return id;
    }

    [Fact]
    public async Task A_server_is_created_from_a_snapshot_through_the_api_and_followed_until_it_runs()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        simulator.State.ActionDuration = TimeSpan.FromMilliseconds(300);
        var id = simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "release"));
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = await ConnectedClientAsync(panel);

        using var choices = JsonDocument.Parse(await client.GetStringAsync(new Uri($"api/modules/hetzner/snapshots/{id}/restore-choices", UriKind.Relative)));
        using var bad = await client.PostAsJsonAsync($"api/modules/hetzner/snapshots/{id}/servers", new { name = "bad_name", serverType = "cx99", location = "fsn1" });
        using var accepted = await client.PostAsJsonAsync($"api/modules/hetzner/snapshots/{id}/servers", new { name = "copy", serverType = "cx22", location = "hel1" });

        var cx22 = choices.RootElement.GetProperty("serverTypes").EnumerateArray().First(t => t.GetProperty("name").GetString() == "cx22");
        Assert.Equal(4.5101m, cx22.GetProperty("prices")[0].GetProperty("monthlyGross").GetDecimal());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using (var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()))
        {
            Assert.Equal(["name", "serverType"], problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        }

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var operationId = await AssertLocationLeadsToOperationAsync(client, accepted);
        var done = await PollUntilFinishedAsync(client, operationId);
        Assert.Equal(("Succeeded", "copy", 44L), (done.GetProperty("status").GetString(), done.GetProperty("serverName").GetString(), done.GetProperty("serverId").GetInt64()));
        Assert.Equal("203.0.113.12", done.GetProperty("ipv4").GetString());
    }

    [Fact]
    public async Task A_rebuild_through_the_api_needs_the_exact_name_and_a_refusal_is_one_sentence()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        simulator.State.ActionDuration = TimeSpan.FromMilliseconds(300);
        var id = simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "release"));
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = await ConnectedClientAsync(panel);

        using var wrong = await client.PostAsJsonAsync($"api/modules/hetzner/snapshots/{id}/rebuild", new { confirmName = "demo" });
        using var accepted = await client.PostAsJsonAsync($"api/modules/hetzner/snapshots/{id}/rebuild", new { confirmName = "demo-server", takeFreshSnapshot = false });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var done = await PollUntilFinishedAsync(client, await AssertLocationLeadsToOperationAsync(client, accepted));
        simulator.State.LockServer(SimulatorDefaults.DemoServerId, TimeSpan.FromMinutes(5));
        using var locked = await client.PostAsJsonAsync($"api/modules/hetzner/snapshots/{id}/rebuild", new { confirmName = "demo-server", takeFreshSnapshot = false });

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("confirmName", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(("Succeeded", "Rebuild"), (done.GetProperty("status").GetString(), done.GetProperty("kind").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, locked.StatusCode);
        Assert.Contains("another action", (await locked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
