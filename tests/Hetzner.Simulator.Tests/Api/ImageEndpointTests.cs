namespace Hetzner.Simulator.Tests.Api;

public sealed class ImageEndpointTests
{
    [Fact]
    public async Task Put_replaces_the_whole_label_set_and_keeps_other_fields()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var id = sim.State.AddImage(new SeedImage(42, "before", Labels: new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }));
        using var api = new ApiClient(sim);

        var answer = await api.SendAsync(HttpMethod.Put, $"images/{id}", """{"labels":{"c":"3"}}""");

        Assert.Equal(200, answer.Status);
        var image = Assert.Single(sim.State.Images);
        Assert.Equal(new Dictionary<string, string> { ["c"] = "3" }, image.Labels);
        Assert.Equal("before", image.Description);
    }

    [Fact]
    public async Task Put_converts_a_backup_into_a_snapshot()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var id = sim.State.AddImage(new SeedImage(42, "nightly", Type: "backup"));
        using var api = new ApiClient(sim);

        var image = (await api.SendAsync(HttpMethod.Put, $"images/{id}", """{"type":"snapshot","description":"kept"}""")).Json.GetProperty("image");

        Assert.Equal(("snapshot", "kept"), (image.GetProperty("type").GetString(), image.GetProperty("description").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, image.GetProperty("bound_to").ValueKind);
    }

    [Fact]
    public async Task Delete_answers_204_with_an_empty_body()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var id = sim.State.AddImage(new SeedImage(42, "old"));
        using var api = new ApiClient(sim);

        var answer = await api.SendAsync(HttpMethod.Delete, $"images/{id}", null);
        var again = await api.SendAsync(HttpMethod.Delete, $"images/{id}", null);

        Assert.Equal((204, string.Empty), (answer.Status, answer.Body));
        Assert.Equal((404, "not_found"), (again.Status, again.ErrorCode));
    }

    [Fact]
    public async Task Protection_blocks_delete_until_it_is_lifted()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var id = sim.State.AddImage(new SeedImage(42, "keep"));
        using var api = new ApiClient(sim);

        var protect = await api.SendAsync(HttpMethod.Post, $"images/{id}/actions/change_protection", """{"delete":true}""");
        var refused = await api.SendAsync(HttpMethod.Delete, $"images/{id}", null);
        await api.SendAsync(HttpMethod.Post, $"images/{id}/actions/change_protection", """{"delete":false}""");
        var deleted = await api.SendAsync(HttpMethod.Delete, $"images/{id}", null);

        Assert.Equal(201, protect.Status);
        var action = protect.Json.GetProperty("action");
        Assert.Equal(("change_protection", "success"), (action.GetProperty("command").GetString(), action.GetProperty("status").GetString()));
        Assert.Equal((423, "protected"), (refused.Status, refused.ErrorCode));
        Assert.Equal(204, deleted.Status);
    }

    [Theory]
    [InlineData("backup", "POST", "/actions/change_protection", """{"delete":true}""")]
    [InlineData("system", "DELETE", "", null)]
    [InlineData("system", "PUT", "", """{"description":"x"}""")]
    public async Task Only_the_allowed_image_types_can_be_changed(string type, string method, string suffix, string? body)
    {
        await using var sim = await SimulatorHost.StartAsync();
        var id = sim.State.AddImage(new SeedImage(null, "Debian 12", Type: type));
        using var api = new ApiClient(sim);

        var answer = await api.SendAsync(new HttpMethod(method), $"images/{id}{suffix}", body);

        Assert.Equal((422, "unsupported_error"), (answer.Status, answer.ErrorCode));
        Assert.Single(sim.State.Images);
    }

    [Fact]
    public async Task List_filters_by_type_status_bound_to_and_selector()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var system = sim.State.AddImage(new SeedImage(null, "Debian 12", Type: "system"));
        var snapshot = sim.State.AddImage(new SeedImage(42, "s", Labels: new Dictionary<string, string> { ["env"] = "prod" }));
        var creating = sim.State.AddImage(new SeedImage(42, "c", Status: "creating", ImageSizeGb: null));
        var backup = sim.State.AddImage(new SeedImage(43, "b", Type: "backup"));
        using var api = new ApiClient(sim);

        Assert.Equal([snapshot, creating], (await api.GetAsync("images?type=snapshot")).Ids("images"));
        Assert.Equal([snapshot, backup], (await api.GetAsync("images?type=snapshot&type=backup&status=available")).Ids("images"));
        Assert.Equal([backup], (await api.GetAsync("images?bound_to=43")).Ids("images"));
        Assert.Equal([snapshot], (await api.GetAsync("images?label_selector=env%3D%3Dprod")).Ids("images"));
        Assert.Equal([system], (await api.GetAsync("images?name=debian-12&architecture=x86")).Ids("images"));
        Assert.Empty((await api.GetAsync("images?architecture=arm")).Ids("images"));
    }

    [Fact]
    public async Task Pricing_gives_the_image_price_as_decimal_strings()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var api = new ApiClient(sim);

        var pricing = (await api.GetAsync("pricing")).Json.GetProperty("pricing");

        Assert.Equal("EUR", pricing.GetProperty("currency").GetString());
        Assert.Equal("19.00", pricing.GetProperty("vat_rate").GetString());
        var price = pricing.GetProperty("image").GetProperty("price_per_gb_month");
        Assert.Equal(("0.0110", "0.0131"), (price.GetProperty("net").GetString(), price.GetProperty("gross").GetString()));
    }
}
