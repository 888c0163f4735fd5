using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hetzner.Simulator.Tests.Api;

public sealed class MetadataAndControlTests
{
    [Theory]
    [InlineData("/instance-id", "42")]
    [InlineData("/hostname", SimulatorDefaults.DemoServerName)]
    [InlineData("/public-ipv4", "203.0.113.10")]
    [InlineData("/availability-zone", "fsn1-dc14")]
    [InlineData("/region", "eu-central")]
    [InlineData("/private-networks", "[]\n")]
    [InlineData("", "availability-zone: fsn1-dc14\nhostname: demo-server\ninstance-id: 42\npublic-ipv4: 203.0.113.10\nregion: eu-central\n")]
    public async Task Metadata_answers_as_the_demo_server(string key, string expected)
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var http = new HttpClient();

        var text = await http.GetStringAsync(new Uri(sim.MetadataBaseUrl + key));

        Assert.Equal(expected, text);
        Assert.Equal("/hetzner/v1/metadata" + key, Assert.Single(sim.State.Requests).PathAndQuery);
    }

    [Fact]
    public async Task Metadata_answers_as_the_server_the_control_surface_names_and_refuses_an_unknown_one()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var control = new HttpClient { BaseAddress = sim.BaseUri };
        using var http = new HttpClient();

        using var moved = await control.PutAsJsonAsync("_sim/settings", new { metadataServerId = 43 });
        using var unknown = await control.PutAsJsonAsync("_sim/settings", new { metadataServerId = 99, latencyMs = 5 });

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(43, (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("metadataServerId").GetInt64());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("metadataServerId 99", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.Zero, sim.State.Latency);
        Assert.Equal("43", await http.GetStringAsync(new Uri(sim.MetadataBaseUrl + "/instance-id")));
        Assert.Equal(SimulatorDefaults.SecondServerName, await http.GetStringAsync(new Uri(sim.MetadataBaseUrl + "/hostname")));
        Assert.Contains("instance-id: 43\n", await http.GetStringAsync(new Uri(sim.MetadataBaseUrl)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_metadata_service_drops_the_connection_and_logs_no_answer()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var control = new HttpClient { BaseAddress = sim.BaseUri };
        using var http = new HttpClient();

        using var down = await control.PutAsJsonAsync("_sim/settings", new { metadataReachable = false });
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync(new Uri(sim.MetadataBaseUrl + "/instance-id")));
        // The dropped request is logged when the server side finishes, which may be just after the client gave up.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (sim.State.Requests.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        sim.State.MetadataReachable = true;

        Assert.Equal(HttpStatusCode.OK, down.StatusCode);
        Assert.Equal(0, Assert.Single(sim.State.Requests).Status);
        Assert.Equal("42", await http.GetStringAsync(new Uri(sim.MetadataBaseUrl + "/instance-id")));
    }

    [Fact]
    public async Task Unknown_metadata_key_is_404()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(sim.MetadataBaseUrl + "/user-data-nope"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Without_the_demo_project_there_are_no_servers()
    {
        await using var sim = await SimulatorHost.StartAsync(o => o.SeedDemoProject = false);
        using var api = new ApiClient(sim);

        var servers = await api.GetAsync("servers");
        var added = sim.State.AddServer("fresh", "off");

        Assert.Empty(servers.Ids("servers"));
        Assert.Equal([added], (await api.GetAsync("servers?status=off")).Ids("servers"));
    }

    [Fact]
    public async Task Control_surface_seeds_images_changes_settings_and_reads_the_log()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var http = new HttpClient { BaseAddress = sim.BaseUri };
        using var api = new ApiClient(sim, SimulatorDefaults.ReadOnlyToken);

        using var seeded = await http.PostAsJsonAsync("_sim/images", new { serverId = 42, count = 5, labels = new { k = "v" }, description = "x" });
        using var settings = await http.PutAsJsonAsync("_sim/settings", new { latencyMs = 5, actionDurationMs = 1500, snapshotQuota = 10, rateLimitPerHour = 100 });
        using var fault = await http.PostAsJsonAsync("_sim/faults", new { kind = "Timeout504", method = "GET", pathContains = "servers", count = 1 });
        var timedOut = await api.GetAsync("servers");
        var count = await http.GetFromJsonAsync<JsonElement>("_sim/requests/count");
        var log = await http.GetFromJsonAsync<JsonElement>("_sim/requests");
        using var cleared = await http.DeleteAsync(new Uri("_sim/requests", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Created, seeded.StatusCode);
        Assert.Equal(5, sim.State.Images.Count);
        Assert.All(sim.State.Images, i => Assert.Equal(("v", "x"), (i.Labels["k"], i.Description)));
        Assert.Equal(5, sim.State.Images.Select(i => i.Created).Distinct().Count());
        Assert.All(sim.State.Images, i => Assert.True(i.Created < DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        Assert.Equal((TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(1500), 10, 100),
            (sim.State.Latency, sim.State.ActionDuration, sim.State.SnapshotQuota, sim.State.RateLimitPerHour));
        Assert.Equal(HttpStatusCode.NoContent, fault.StatusCode);
        Assert.Equal(504, timedOut.Status);
        Assert.Equal(1, count.GetProperty("count").GetInt32());
        Assert.Equal("/v1/servers", Assert.Single(log.EnumerateArray()).GetProperty("pathAndQuery").GetString());
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal(0, sim.State.RequestCount);
        Assert.Empty(sim.State.Requests);
    }

    [Fact]
    public async Task Settings_can_remove_the_quota()
    {
        await using var sim = await SimulatorHost.StartAsync();
        sim.State.SnapshotQuota = 3;
        using var http = new HttpClient { BaseAddress = sim.BaseUri };

        using var response = await http.PutAsync(
            new Uri("_sim/settings", UriKind.Relative), new StringContent("""{"snapshotQuota":null}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Null(sim.State.SnapshotQuota);
    }

    [Theory]
    [InlineData("""{"rateLimitPerHour":0}""")]
    [InlineData("""{"latencyMs":"slow"}""")]
    [InlineData("""{"snapshotQuota":-1}""")]
    public async Task Bad_settings_are_refused_with_400(string body)
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var http = new HttpClient { BaseAddress = sim.BaseUri };

        using var response = await http.PutAsync(
            new Uri("_sim/settings", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal((3600, TimeSpan.Zero), (sim.State.RateLimitPerHour, sim.State.Latency));
    }
}
