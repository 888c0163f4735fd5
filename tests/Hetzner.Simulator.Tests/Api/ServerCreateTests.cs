using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Hetzner.Simulator.Tests.Api;

public sealed class ServerCreateTests
{
    [Fact]
    public async Task A_server_from_a_snapshot_initializes_starts_and_runs_as_its_actions_progress()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));
        await using var sim = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        sim.State.ActionDuration = TimeSpan.FromSeconds(10);
        var snapshot = sim.State.AddImage(new SeedImage(42, "before-upgrade"));
        using var api = new ApiClient(sim);

        var created = await api.SendAsync(HttpMethod.Post, "servers",
            $$"""{"name":"upgrade-test","server_type":"cx22","image":{{snapshot}},"location":"nbg1","labels":{"k":"v"},"start_after_create":true}""");
        var id = created.Json.GetProperty("server").GetProperty("id").GetInt64();
        string StatusOf(ApiAnswer a) => a.Json.GetProperty("server").GetProperty("status").GetString()!;
        time.Advance(TimeSpan.FromSeconds(10));
        var starting = await api.GetAsync($"servers/{id}");
        time.Advance(TimeSpan.FromSeconds(10));
        var running = await api.GetAsync($"servers/{id}");

        Assert.Equal(201, created.Status);
        var body = created.Json;
        Assert.Equal(("initializing", "upgrade-test"), (StatusOf(created), body.GetProperty("server").GetProperty("name").GetString()));
        Assert.Equal(("create_server", "running"), (body.GetProperty("action").GetProperty("command").GetString(), body.GetProperty("action").GetProperty("status").GetString()));
        Assert.Equal("start_server", Assert.Single(body.GetProperty("next_actions").EnumerateArray()).GetProperty("command").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("root_password").ValueKind);
        Assert.Equal(("nbg1", "cx22"), (body.GetProperty("server").GetProperty("location").GetProperty("name").GetString(),
            body.GetProperty("server").GetProperty("server_type").GetProperty("name").GetString()));
        Assert.Equal("starting", StatusOf(starting));
        Assert.Equal("running", StatusOf(running));
        Assert.Equal(snapshot, running.Json.GetProperty("server").GetProperty("image").GetProperty("id").GetInt64());
        Assert.Equal("v", running.Json.GetProperty("server").GetProperty("labels").GetProperty("k").GetString());
    }

    [Theory]
    [InlineData("""{"server_type":"cx22","image":"IMAGE"}""", "name")]
    [InlineData("""{"name":"-bad","server_type":"cx22","image":"IMAGE"}""", "name")]
    [InlineData("""{"name":"a_b","server_type":"cx22","image":"IMAGE"}""", "name")]
    [InlineData("""{"name":"ok","server_type":"cx99","image":"IMAGE"}""", "server_type")]
    [InlineData("""{"name":"ok","server_type":"cx22","image":"IMAGE","location":"mars1"}""", "location")]
    [InlineData("""{"name":"ok","server_type":"cx22","image":999}""", "image")]
    [InlineData("""{"name":"ok","server_type":"cax11","image":"IMAGE"}""", "server_type")]
    [InlineData("""{"name":"ok","server_type":"cx22","image":"IMAGE","ssh_keys":[1]}""", "ssh_keys")]
    [InlineData("""{"name":"ok","server_type":"cx22","image":"IMAGE","datacenter":"fsn1-dc14"}""", "datacenter")]
    public async Task Bad_orders_are_invalid_input_naming_the_field(string json, string field)
    {
        await using var sim = await SimulatorHost.StartAsync();
        var snapshot = sim.State.AddImage(new SeedImage(42, "s"));
        using var api = new ApiClient(sim);

        var answer = await api.SendAsync(HttpMethod.Post, "servers", json.Replace("\"IMAGE\"", $"{snapshot}", StringComparison.Ordinal));

        Assert.Equal((422, "invalid_input"), (answer.Status, answer.ErrorCode));
        var named = Assert.Single(answer.Json.GetProperty("error").GetProperty("details").GetProperty("fields").EnumerateArray());
        Assert.Equal(field, named.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Refusals_carry_the_documented_codes_and_statuses()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var snapshot = sim.State.AddImage(new SeedImage(42, "s"));
        using var api = new ApiClient(sim);
        string Order(string name, string type, string location) =>
            $$"""{"name":"{{name}}","server_type":"{{type}}","image":"{{snapshot}}","location":"{{location}}"}""";

        var taken = await api.SendAsync(HttpMethod.Post, "servers", Order("demo-worker", "cx22", "fsn1"));
        var notSoldThere = await api.SendAsync(HttpMethod.Post, "servers", Order("a", "cx42", "hel1"));
        var pastDeprecation = await api.SendAsync(HttpMethod.Post, "servers", Order("a", "cpx11", "fsn1"));
        sim.State.UnavailableServerTypes = ["cx32"];
        var switchedOff = await api.SendAsync(HttpMethod.Post, "servers", Order("a", "cx32", "nbg1"));
        sim.State.ServerQuota = 2;
        var quota = await api.SendAsync(HttpMethod.Post, "servers", Order("a", "cx22", "fsn1"));

        Assert.Equal((409, "uniqueness_error"), (taken.Status, taken.ErrorCode));
        Assert.Equal((412, "resource_unavailable"), (notSoldThere.Status, notSoldThere.ErrorCode));
        Assert.Equal((412, "resource_unavailable"), (pastDeprecation.Status, pastDeprecation.ErrorCode));
        Assert.Equal((412, "resource_unavailable"), (switchedOff.Status, switchedOff.ErrorCode));
        Assert.Equal((403, "resource_limit_exceeded"), (quota.Status, quota.ErrorCode));
        Assert.Equal("server_limit", quota.Json.GetProperty("error").GetProperty("details").GetProperty("limits")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Rebuild_locks_the_server_and_answers_no_password_for_a_snapshot()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));
        await using var sim = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        sim.State.ActionDuration = TimeSpan.FromSeconds(10);
        var snapshot = sim.State.AddImage(new SeedImage(42, "s"));
        using var api = new ApiClient(sim);

        var rebuilt = await api.SendAsync(HttpMethod.Post, "servers/42/actions/rebuild", $$"""{"image":"{{snapshot}}"}""");
        var during = await api.GetAsync("servers/42");
        var second = await api.SendAsync(HttpMethod.Post, "servers/42/actions/rebuild", $$"""{"image":{{snapshot}}}""");
        var snapshotMeanwhile = await api.SendAsync(HttpMethod.Post, "servers/42/actions/create_image", "{}");
        time.Advance(TimeSpan.FromSeconds(10));
        var after = await api.GetAsync("servers/42");
        var missing = await api.SendAsync(HttpMethod.Post, "servers/42/actions/rebuild", """{"image":"777"}""");

        Assert.Equal(201, rebuilt.Status);
        Assert.Equal("rebuild_server", rebuilt.Json.GetProperty("action").GetProperty("command").GetString());
        Assert.Equal(JsonValueKind.Null, rebuilt.Json.GetProperty("root_password").ValueKind);
        Assert.Equal(("rebuilding", true), (during.Json.GetProperty("server").GetProperty("status").GetString(), during.Json.GetProperty("server").GetProperty("locked").GetBoolean()));
        Assert.Equal((423, "locked"), (second.Status, second.ErrorCode));
        Assert.Equal((423, "locked"), (snapshotMeanwhile.Status, snapshotMeanwhile.ErrorCode));
        Assert.Equal("running", after.Json.GetProperty("server").GetProperty("status").GetString());
        Assert.Equal(snapshot, after.Json.GetProperty("server").GetProperty("image").GetProperty("id").GetInt64());
        Assert.Equal((422, "invalid_input"), (missing.Status, missing.ErrorCode));
    }

    [Fact]
    public async Task Pricing_lists_each_server_type_per_location_it_is_sold_in()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var api = new ApiClient(sim);

        var pricing = (await api.GetAsync("pricing")).Json.GetProperty("pricing");
        var types = (await api.GetAsync("server_types?name=cx42")).Json.GetProperty("server_types");

        var cx42 = pricing.GetProperty("server_types").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "cx42");
        Assert.Equal(["fsn1", "nbg1"], cx42.GetProperty("prices").EnumerateArray().Select(p => p.GetProperty("location").GetString()));
        Assert.Equal(("16.4000", "19.5160"), (cx42.GetProperty("prices")[0].GetProperty("price_monthly").GetProperty("net").GetString(),
            cx42.GetProperty("prices")[0].GetProperty("price_monthly").GetProperty("gross").GetString()));
        Assert.Equal(106, Assert.Single(types.EnumerateArray()).GetProperty("id").GetInt64());
        var deprecated = (await api.GetAsync("server_types/22")).Json.GetProperty("server_type");
        Assert.True(deprecated.GetProperty("deprecated").GetBoolean());
        Assert.Equal("2026-09-01T00:00:00Z", deprecated.GetProperty("deprecation").GetProperty("unavailable_after").GetString());
    }

    [Fact]
    public async Task Control_settings_set_the_server_quota_unavailable_types_and_a_lock()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var http = new HttpClient { BaseAddress = sim.BaseUri };

        using var set = await http.PutAsJsonAsync("_sim/settings", new { serverQuota = 3, unavailableServerTypes = new[] { "cx22@hel1", "cx32" } });
        using var bad = await http.PutAsJsonAsync("_sim/settings", new { unavailableServerTypes = new[] { "cx99" } });
        using var locked = await http.PostAsJsonAsync("_sim/servers/43/lock", new { durationMs = 60_000 });
        using var api = new ApiClient(sim);
        var server = (await api.GetAsync("servers/43")).Json.GetProperty("server");

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(3, sim.State.ServerQuota);
        Assert.Equal(["cx22@hel1", "cx32"], sim.State.UnavailableServerTypes);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Created, locked.StatusCode);
        Assert.True(server.GetProperty("locked").GetBoolean());
    }
}
