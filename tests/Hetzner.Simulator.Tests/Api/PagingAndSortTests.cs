namespace Hetzner.Simulator.Tests.Api;

public sealed class PagingAndSortTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Default_page_size_is_25_and_the_pagination_block_is_complete()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var ids = SeedSnapshots(sim, 60);
        using var api = new ApiClient(sim);

        var first = await api.GetAsync("images");

        Assert.Equal(ids.Take(25), first.Ids("images"));
        var p = first.Pagination;
        Assert.Equal((1, 25, 2, 3, 60), (p.GetProperty("page").GetInt32(), p.GetProperty("per_page").GetInt32(),
            p.GetProperty("next_page").GetInt32(), p.GetProperty("last_page").GetInt32(), p.GetProperty("total_entries").GetInt32()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, p.GetProperty("previous_page").ValueKind);
    }

    [Fact]
    public async Task Last_page_has_no_next_page_and_a_page_past_the_end_is_empty()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var ids = SeedSnapshots(sim, 60);
        using var api = new ApiClient(sim);

        var last = await api.GetAsync("images?page=3&per_page=25");
        var beyond = await api.GetAsync("images?page=9&per_page=25");

        Assert.Equal(ids.Skip(50), last.Ids("images"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, last.Pagination.GetProperty("next_page").ValueKind);
        Assert.Equal(2, last.Pagination.GetProperty("previous_page").GetInt32());
        Assert.Empty(beyond.Ids("images"));
        Assert.Equal(60, beyond.Pagination.GetProperty("total_entries").GetInt32());
    }

    [Theory]
    [InlineData("per_page=500", 50)]
    [InlineData("per_page=50", 50)]
    [InlineData("per_page=0", 1)]
    [InlineData("per_page=-3", 1)]
    public async Task Per_page_is_clamped_to_1_to_50(string query, int expected)
    {
        await using var sim = await SimulatorHost.StartAsync();
        SeedSnapshots(sim, 60);
        using var api = new ApiClient(sim);

        var answer = await api.GetAsync("images?" + query);

        Assert.Equal(expected, answer.Ids("images").Count);
        Assert.Equal(expected, answer.Pagination.GetProperty("per_page").GetInt32());
    }

    [Fact]
    public async Task An_empty_list_still_has_one_last_page()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var api = new ApiClient(sim);

        var answer = await api.GetAsync("images?type=snapshot");

        Assert.Empty(answer.Ids("images"));
        Assert.Equal((1, 0), (answer.Pagination.GetProperty("last_page").GetInt32(), answer.Pagination.GetProperty("total_entries").GetInt32()));
    }

    [Fact]
    public async Task Sort_by_created_descending_then_by_id()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var older = sim.State.AddImage(new SeedImage(42, "a", Epoch));
        var newerA = sim.State.AddImage(new SeedImage(42, "b", Epoch.AddDays(1)));
        var newerB = sim.State.AddImage(new SeedImage(42, "c", Epoch.AddDays(1)));
        using var api = new ApiClient(sim);

        var byCreatedDesc = await api.GetAsync("images?sort=created:desc");
        var byCreatedDescIdDesc = await api.GetAsync("images?sort=created%3Adesc&sort=id:desc");
        var byIdDesc = await api.GetAsync("images?sort=id:desc");

        Assert.Equal([newerA, newerB, older], byCreatedDesc.Ids("images"));
        Assert.Equal([newerB, newerA, older], byCreatedDescIdDesc.Ids("images"));
        Assert.Equal([newerB, newerA, older], byIdDesc.Ids("images"));
    }

    [Fact]
    public async Task Servers_sort_by_name()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var alpha = sim.State.AddServer("alpha");
        using var api = new ApiClient(sim);

        var answer = await api.GetAsync("servers?sort=name:asc");

        Assert.Equal([alpha, SimulatorDefaults.DemoServerId, SimulatorDefaults.DemoServerId + 1], answer.Ids("servers"));
    }

    [Theory]
    [InlineData("images?sort=size")]
    [InlineData("images?sort=id:up")]
    [InlineData("images?page=x")]
    [InlineData("images?label_selector=k%20in%20(a")]
    [InlineData("images?include_deprecated=maybe")]
    [InlineData("servers?sort=status")]
    public async Task Malformed_list_parameters_are_invalid_input(string path)
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var api = new ApiClient(sim);

        var answer = await api.GetAsync(path);

        Assert.Equal((422, "invalid_input"), (answer.Status, answer.ErrorCode));
    }

    [Theory]
    [InlineData("true")]
    [InlineData("True")]
    [InlineData("TRUE")]
    [InlineData("false")]
    public async Task Include_deprecated_accepts_any_letter_case(string value)
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var api = new ApiClient(sim);

        var answer = await api.GetAsync("images?include_deprecated=" + value);

        Assert.Equal(200, answer.Status);
    }

    private static List<long> SeedSnapshots(SimulatorHost sim, int count) =>
        [.. Enumerable.Range(0, count).Select(i => sim.State.AddImage(new SeedImage(42, $"s{i}", Epoch.AddMinutes(i))))];
}
