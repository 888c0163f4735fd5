namespace Hetzner.Simulator.Tests.Api;

public sealed class ActionEndpointTests
{
    [Fact]
    public async Task Actions_list_requires_ids_and_returns_every_requested_one()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var api = new ApiClient(sim);
        var first = await CreateImageAsync(api, 42);
        var second = await CreateImageAsync(api, 43);

        var without = await api.GetAsync("actions");
        var both = await api.GetAsync($"actions?id={first}&id={second}&page=1&sort=status&sort=id");

        Assert.Equal((422, "invalid_input"), (without.Status, without.ErrorCode));
        Assert.Equal([first, second], both.Ids("actions"));
    }

    [Fact]
    public async Task Scoped_endpoints_only_show_actions_of_their_resource()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var api = new ApiClient(sim);
        var onDemo = await CreateImageAsync(api, 42);
        var onWorker = await CreateImageAsync(api, 43);
        var imageId = sim.State.Images.First().Id;

        Assert.Equal(200, (await api.GetAsync($"servers/actions/{onDemo}")).Status);
        Assert.Equal(200, (await api.GetAsync($"images/actions/{onDemo}")).Status);
        Assert.Equal(200, (await api.GetAsync($"servers/42/actions/{onDemo}")).Status);
        Assert.Equal(404, (await api.GetAsync($"servers/42/actions/{onWorker}")).Status);
        Assert.Equal(200, (await api.GetAsync($"images/{imageId}/actions/{onDemo}")).Status);
        Assert.Equal([onDemo], (await api.GetAsync("servers/42/actions")).Ids("actions"));
        Assert.Equal([onDemo, onWorker], (await api.GetAsync("servers/actions")).Ids("actions"));
        Assert.Equal([onWorker, onDemo], (await api.GetAsync("images/actions?sort=id:desc")).Ids("actions"));
        Assert.Equal([onDemo], (await api.GetAsync($"images/{imageId}/actions")).Ids("actions"));
        Assert.Equal(404, (await api.GetAsync("actions/1")).Status);
    }

    [Fact]
    public async Task Unknown_routes_and_methods_get_the_error_envelope()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var api = new ApiClient(sim);

        var route = await api.GetAsync("volumes");
        var method = await api.SendAsync(HttpMethod.Patch, "servers/42", "{}");

        Assert.Equal((404, "not_found"), (route.Status, route.ErrorCode));
        Assert.Equal((405, "method_not_allowed"), (method.Status, method.ErrorCode));
    }

    private static async Task<long> CreateImageAsync(ApiClient api, long serverId) =>
        (await api.SendAsync(HttpMethod.Post, $"servers/{serverId}/actions/create_image", "{}")).Json.GetProperty("action").GetProperty("id").GetInt64();
}
