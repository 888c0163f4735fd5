using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Hetzner.Simulator.Tests.Api;

public sealed class CreateImageTests
{
    private const string CreateImage = "servers/42/actions/create_image";

    [Fact]
    public async Task Action_progresses_linearly_and_the_image_becomes_available()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));
        await using var sim = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        sim.State.ActionDuration = TimeSpan.FromSeconds(10);
        using var api = new ApiClient(sim);

        var created = await api.SendAsync(HttpMethod.Post, CreateImage, """{"type":"snapshot","description":"D","labels":{"k":"v"}}""");
        var actionId = created.Json.GetProperty("action").GetProperty("id").GetInt64();
        var imageId = created.Json.GetProperty("image").GetProperty("id").GetInt64();
        time.Advance(TimeSpan.FromSeconds(4));
        var midway = await api.GetAsync($"actions/{actionId}");
        var imageMidway = await api.GetAsync($"images/{imageId}");
        time.Advance(TimeSpan.FromSeconds(6));
        var done = await api.GetAsync($"actions?id={actionId}");
        var image = (await api.GetAsync($"images/{imageId}")).Json.GetProperty("image");

        Assert.Equal(201, created.Status);
        var newImage = created.Json.GetProperty("image");
        Assert.Equal(("creating", JsonValueKind.Null), (newImage.GetProperty("status").GetString(), newImage.GetProperty("image_size").ValueKind));
        Assert.Equal("demo-server", newImage.GetProperty("created_from").GetProperty("name").GetString());
        Assert.Equal(("running", 40), (midway.Json.GetProperty("action").GetProperty("status").GetString(), midway.Json.GetProperty("action").GetProperty("progress").GetInt32()));
        Assert.Equal("creating", imageMidway.Json.GetProperty("image").GetProperty("status").GetString());
        var action = Assert.Single(done.Json.GetProperty("actions").EnumerateArray());
        Assert.Equal(("success", 100), (action.GetProperty("status").GetString(), action.GetProperty("progress").GetInt32()));
        Assert.Equal("2026-11-01T12:00:10Z", action.GetProperty("finished").GetString());
        Assert.Equal(
            [("server", 42L), ("image", imageId)],
            action.GetProperty("resources").EnumerateArray().Select(r => (r.GetProperty("type").GetString(), r.GetProperty("id").GetInt64())));
        Assert.Equal("available", image.GetProperty("status").GetString());
        Assert.InRange(image.GetProperty("image_size").GetDouble(), 1.5, 3.0);
    }

    [Fact]
    public async Task Every_image_key_is_present()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var api = new ApiClient(sim);

        var image = (await api.SendAsync(HttpMethod.Post, CreateImage, "{}")).Json.GetProperty("image");

        string[] keys = ["id", "type", "status", "name", "description", "image_size", "disk_size", "created", "created_from", "bound_to",
            "os_flavor", "os_version", "architecture", "rapid_deploy", "protection", "deprecated", "deleted", "labels"];
        Assert.Equal(keys.Order(), image.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task Nulls_mean_defaults_and_an_empty_description_is_kept()
    {
        await using var sim = await SimulatorHost.StartAsync();
        sim.State.ActionDuration = TimeSpan.Zero;
        using var api = new ApiClient(sim);

        var nulls = await api.SendAsync(HttpMethod.Post, CreateImage, """{"type":null,"description":null,"labels":null}""");
        var empty = await api.SendAsync(HttpMethod.Post, CreateImage, """{"type":"snapshot","description":"","labels":{}}""");

        var generated = nulls.Json.GetProperty("image");
        Assert.Equal("snapshot", generated.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(generated.GetProperty("description").GetString()));
        Assert.Equal(string.Empty, empty.Json.GetProperty("image").GetProperty("description").GetString());
    }

    [Theory]
    [InlineData("""{"type":"snapshot","name":"x"}""", "name")]
    [InlineData("""{"description":"d","rescue":true}""", "rescue")]
    [InlineData("""{"type":"system"}""", "type")]
    [InlineData("""{"description":5}""", "description")]
    [InlineData("""{"labels":{"bad key":"v"}}""", "labels")]
    [InlineData("""{"labels":{"k":"bad value"}}""", "labels")]
    [InlineData("""{"labels":{"hetzner.cloud/x":"v"}}""", "labels")]
    [InlineData("""{"labels":{"k":1}}""", "labels")]
    public async Task Unknown_fields_and_invalid_values_are_invalid_input_naming_the_field(string body, string field)
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var api = new ApiClient(sim);

        var answer = await api.SendAsync(HttpMethod.Post, CreateImage, body);

        Assert.Equal((422, "invalid_input"), (answer.Status, answer.ErrorCode));
        var fields = answer.Json.GetProperty("error").GetProperty("details").GetProperty("fields");
        Assert.Equal(field, Assert.Single(fields.EnumerateArray()).GetProperty("name").GetString());
        Assert.Empty(sim.State.Images);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    public async Task Broken_json_is_json_error(string body)
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var api = new ApiClient(sim);

        var answer = await api.SendAsync(HttpMethod.Post, CreateImage, body);

        Assert.Equal((400, "json_error"), (answer.Status, answer.ErrorCode));
    }

    [Fact]
    public async Task A_second_image_while_the_first_runs_is_locked()
    {
        await using var sim = await SimulatorHost.StartAsync();
        sim.State.ActionDuration = TimeSpan.FromMinutes(5);
        using var api = new ApiClient(sim);

        var first = await api.SendAsync(HttpMethod.Post, CreateImage, "{}");
        var second = await api.SendAsync(HttpMethod.Post, CreateImage, "{}");
        var otherServer = await api.SendAsync(HttpMethod.Post, "servers/43/actions/create_image", "{}");
        var server = await api.GetAsync("servers/42");

        Assert.Equal(201, first.Status);
        Assert.Equal((423, "locked"), (second.Status, second.ErrorCode));
        Assert.Equal(201, otherServer.Status);
        Assert.True(server.Json.GetProperty("server").GetProperty("locked").GetBoolean());
    }

    [Fact]
    public async Task Snapshot_quota_gives_resource_limit_exceeded_with_limits()
    {
        await using var sim = await SimulatorHost.StartAsync();
        sim.State.AddImage(new SeedImage(42, "one"));
        sim.State.SnapshotQuota = 1;
        using var api = new ApiClient(sim);

        var answer = await api.SendAsync(HttpMethod.Post, CreateImage, "{}");

        Assert.Equal((403, "resource_limit_exceeded"), (answer.Status, answer.ErrorCode));
        Assert.NotEmpty(answer.Json.GetProperty("error").GetProperty("details").GetProperty("limits").EnumerateArray());
    }

    [Fact]
    public async Task Action_error_fault_ends_the_action_in_error_and_removes_the_image()
    {
        await using var sim = await SimulatorHost.StartAsync();
        sim.State.ActionDuration = TimeSpan.Zero;
        sim.State.InjectFault(new Fault(FaultKind.ActionError));
        using var api = new ApiClient(sim);

        var failed = await api.SendAsync(HttpMethod.Post, CreateImage, "{}");
        var action = (await api.GetAsync($"actions/{failed.Json.GetProperty("action").GetProperty("id").GetInt64()}")).Json.GetProperty("action");
        var next = await api.SendAsync(HttpMethod.Post, CreateImage, "{}");

        Assert.Equal("error", action.GetProperty("status").GetString());
        Assert.Equal("action_failed", action.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("success", next.Json.GetProperty("action").GetProperty("status").GetString());
        Assert.Equal([next.Json.GetProperty("image").GetProperty("id").GetInt64()], sim.State.Images.Select(i => i.Id));
    }

    [Fact]
    public async Task Unknown_server_is_not_found()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var api = new ApiClient(sim);

        var answer = await api.SendAsync(HttpMethod.Post, "servers/999/actions/create_image", "{}");

        Assert.Equal((404, "not_found"), (answer.Status, answer.ErrorCode));
    }

    [Fact]
    public async Task Backups_are_bound_to_their_server_and_keep_seven_slots()
    {
        await using var sim = await SimulatorHost.StartAsync();
        sim.State.ActionDuration = TimeSpan.Zero;
        using var api = new ApiClient(sim);

        var ids = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            var answer = await api.SendAsync(HttpMethod.Post, CreateImage, """{"type":"backup"}""");
            ids.Add(answer.Json.GetProperty("image").GetProperty("id").GetInt64());
        }

        Assert.Equal(ids.Skip(1), sim.State.Images.Select(i => i.Id));
        Assert.Equal(ids.Skip(1), (await api.GetAsync("images?bound_to=42&per_page=50")).Ids("images"));
    }
}
