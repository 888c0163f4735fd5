using System.Net;
using System.Text;
using System.Text.Json;
using Hetzner.Simulator.Tests.Cli;

namespace Hetzner.Simulator.Tests.Api;

/// <summary>What <c>POST /_sim/images</c>, <c>/_sim/tokens</c> and <c>/_sim/servers</c> seed, checked through the real API.</summary>
public sealed class ControlSeedingTests
{
    private static readonly DateTimeOffset Created = new(2025, 3, 14, 15, 9, 26, TimeSpan.Zero);

    [Fact]
    public async Task Seeded_image_shows_its_created_time_labels_and_protection_and_cannot_be_deleted()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var api = new ApiClient(sim);

        var ids = await SeedImagesAsync(sim, """
            {"serverId":42,"created":"2025-03-14T15:09:26Z","deleteProtected":true,"labels":{"keep":"yes"},"description":"golden"}
            """);
        var id = Assert.Single(ids);
        var image = (await api.GetAsync($"images/{id}")).Json.GetProperty("image");
        var refused = await api.SendAsync(HttpMethod.Delete, $"images/{id}", null);

        Assert.Equal(Created, image.GetProperty("created").GetDateTimeOffset());
        Assert.True(image.GetProperty("protection").GetProperty("delete").GetBoolean());
        Assert.Equal("yes", image.GetProperty("labels").GetProperty("keep").GetString());
        Assert.Equal(("golden", "snapshot", "available"), (image.GetProperty("description").GetString(),
            image.GetProperty("type").GetString(), image.GetProperty("status").GetString()));
        Assert.Equal(42, image.GetProperty("created_from").GetProperty("id").GetInt64());
        Assert.Equal((423, "protected"), (refused.Status, refused.ErrorCode));
        Assert.Single(sim.State.Images);
    }

    [Fact]
    public async Task Count_steps_back_one_hour_each_from_the_given_created_time()
    {
        await using var sim = await SimulatorHost.StartAsync();

        var ids = await SeedImagesAsync(sim, """{"count":3,"created":"2025-03-14T17:09:26+02:00"}""");

        Assert.Equal(3, ids.Count);
        Assert.Equal(
            [Created.AddHours(-2), Created.AddHours(-1), Created],
            ids.Select(id => sim.State.Images.Single(i => i.Id == id).Created).ToList());
        Assert.All(sim.State.Images, i => Assert.False(i.DeleteProtected));
    }

    [Fact]
    public async Task A_batch_seeds_differently_shaped_images_in_one_call()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var api = new ApiClient(sim);

        var ids = await SeedImagesAsync(sim, """
            {"images":[
              {"type":"backup","status":"creating","imageSizeGb":7.25,"created":"2025-03-14T15:09:26Z"},
              {"count":2,"labels":{"tier":"gold"},"deleteProtected":true}
            ]}
            """);
        var backup = (await api.GetAsync($"images/{ids[0]}")).Json.GetProperty("image");
        var gold = await api.GetAsync("images?label_selector=tier%3Dgold&sort=id");

        Assert.Equal(3, ids.Count);
        Assert.Equal(("backup", "creating", 7.25), (backup.GetProperty("type").GetString(),
            backup.GetProperty("status").GetString(), backup.GetProperty("image_size").GetDouble()));
        Assert.Equal(42, backup.GetProperty("bound_to").GetInt64());
        Assert.Equal(ids.Skip(1), gold.Ids("images"));
        Assert.All(gold.Json.GetProperty("images").EnumerateArray(),
            i => Assert.True(i.GetProperty("protection").GetProperty("delete").GetBoolean()));
    }

    [Fact]
    public async Task Seeded_tokens_authenticate_and_a_read_only_one_cannot_write()
    {
        await using var sim = await SimulatorHost.StartAsync();
        const string writer = "seeded-writer-token";
        const string reader = "seeded-reader-token";
        using var writerApi = new ApiClient(sim, writer);
        using var readerApi = new ApiClient(sim, reader);
        var id = sim.State.AddImage(new SeedImage(42, "target"));

        var before = await writerApi.GetAsync("images");
        var addedWriter = await PostAsync(sim, "tokens", $$"""{"token":"{{writer}}","readOnly":false}""");
        await PostAsync(sim, "tokens", $$"""{"token":"{{reader}}","readOnly":true}""");
        var read = await readerApi.GetAsync("images");
        var refused = await readerApi.SendAsync(HttpMethod.Put, $"images/{id}", """{"description":"changed"}""");
        var written = await writerApi.SendAsync(HttpMethod.Put, $"images/{id}", """{"description":"changed"}""");

        Assert.Equal((401, "unauthorized"), (before.Status, before.ErrorCode));
        Assert.False(addedWriter.GetProperty("readOnly").GetBoolean());
        Assert.Equal([id], read.Ids("images"));
        Assert.Equal((401, "token_readonly"), (refused.Status, refused.ErrorCode));
        Assert.Equal(200, written.Status);
        Assert.Equal("changed", Assert.Single(sim.State.Images).Description);
    }

    [Fact]
    public async Task Seeded_server_is_listed_by_the_api()
    {
        await using var sim = await SimulatorHost.StartAsync(o => o.SeedDemoProject = false);
        using var api = new ApiClient(sim);

        var id = (await PostAsync(sim, "servers", """{"name":"web-2","status":"off"}""")).GetProperty("id").GetInt64();
        var server = (await api.GetAsync($"servers/{id}")).Json.GetProperty("server");

        Assert.Equal(("web-2", "off"), (server.GetProperty("name").GetString(), server.GetProperty("status").GetString()));
    }

    [Theory]
    [InlineData("images", """{"created":"yesterday"}""", "created")]
    [InlineData("images", """{"created":"2025-03-14T15:09:26"}""", "created")]
    [InlineData("images", """{"deleteProtected":"yes"}""", "deleteProtected")]
    [InlineData("images", """{"type":"system"}""", "type")]
    [InlineData("images", """{"status":"gone"}""", "status")]
    [InlineData("images", """{"imageSizeGb":-1}""", "imageSizeGb")]
    [InlineData("images", """{"count":0}""", "count")]
    [InlineData("images", """{"labels":{"bad key":"v"}}""", "labels")]
    [InlineData("images", """{"craeted":"2025-03-14T15:09:26Z"}""", "craeted")]
    [InlineData("images", """{"images":[{"count":1},{"status":"gone"}]}""", "images[1].status")]
    [InlineData("images", """{"images":[]}""", "images")]
    [InlineData("tokens", """{"token":"","readOnly":true}""", "token")]
    [InlineData("tokens", """{"token":"two words","readOnly":true}""", "token")]
    [InlineData("tokens", """{"token":"tab\there","readOnly":false}""", "token")]
    [InlineData("tokens", """{"token":"abc"}""", "readOnly")]
    [InlineData("tokens", """{"token":"abc","readOnly":"no"}""", "readOnly")]
    [InlineData("tokens", """{"readOnly":true}""", "token")]
    [InlineData("servers", """{"name":"web-3","status":7}""", "status")]
    [InlineData("servers", """{"status":"off"}""", "name")]
    public async Task Bad_values_are_refused_with_400_naming_the_field_and_change_nothing(string path, string body, string field)
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var http = new HttpClient { BaseAddress = sim.BaseUri };
        var servers = sim.State.Project.Servers().Count;

        using var response = await http.PostAsync(new Uri($"_sim/{path}", UriKind.Relative), Json(body));
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, error, StringComparison.Ordinal);
        Assert.Empty(sim.State.Images);
        Assert.Equal(servers, sim.State.Project.Servers().Count);
    }

    [Fact]
    public async Task Overlong_token_is_refused()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var http = new HttpClient { BaseAddress = sim.BaseUri };
        var token = new string('a', 257);

        using var response = await http.PostAsync(new Uri("_sim/tokens", UriKind.Relative), Json($$"""{"token":"{{token}}","readOnly":false}"""));
        using var api = new ApiClient(sim, token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 256", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(401, (await api.GetAsync("servers")).Status);
    }

    [Fact]
    public async Task Hcloud_lists_the_seeded_protected_image_with_its_labels()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var id = Assert.Single(await SeedImagesAsync(sim, """
            {"created":"2025-03-14T15:09:26Z","deleteProtected":true,"labels":{"keep":"yes"}}
            """));

        var result = await HcloudCli.RunAsync(sim, SimulatorDefaults.ReadWriteToken, "image", "list", "--type", "snapshot", "-o", "json");

        Assert.True(result.ExitCode == 0, result.Output);
        using var json = JsonDocument.Parse(result.StdOut);
        var image = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(id, image.GetProperty("id").GetInt64());
        Assert.True(image.GetProperty("protection").GetProperty("delete").GetBoolean());
        Assert.Equal("yes", image.GetProperty("labels").GetProperty("keep").GetString());
        Assert.Equal(Created, image.GetProperty("created").GetDateTimeOffset());
    }

    private static async Task<IReadOnlyList<long>> SeedImagesAsync(SimulatorHost sim, string body) =>
        [.. (await PostAsync(sim, "images", body)).GetProperty("ids").EnumerateArray().Select(e => e.GetInt64())];

    /// <summary>Posts to the control surface, asserts 201 Created and returns the answer.</summary>
    private static async Task<JsonElement> PostAsync(SimulatorHost sim, string path, string body)
    {
        using var http = new HttpClient { BaseAddress = sim.BaseUri };
        using var response = await http.PostAsync(new Uri($"_sim/{path}", UriKind.Relative), Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
