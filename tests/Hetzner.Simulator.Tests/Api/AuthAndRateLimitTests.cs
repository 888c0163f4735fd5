using System.Globalization;
using Microsoft.Extensions.Time.Testing;

namespace Hetzner.Simulator.Tests.Api;

public sealed class AuthAndRateLimitTests
{
    [Fact]
    public void Default_tokens_have_the_real_length_and_differ()
    {
        Assert.Equal(64, SimulatorDefaults.ReadWriteToken.Length);
        Assert.Equal(64, SimulatorDefaults.ReadOnlyToken.Length);
        Assert.NotEqual(SimulatorDefaults.ReadWriteToken, SimulatorDefaults.ReadOnlyToken);
    }

    [Theory]
    [InlineData(SimulatorDefaults.ReadOnlyToken, 401, "token_readonly")]
    [InlineData(SimulatorDefaults.ReadWriteToken, 404, "not_found")]
    public async Task Read_only_is_checked_before_the_resource_lookup(string token, int status, string code)
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var api = new ApiClient(sim, token);

        var answer = await api.SendAsync(HttpMethod.Put, "images/987654", """{"description":"x"}""");

        Assert.Equal((status, code), (answer.Status, answer.ErrorCode));
        Assert.Equal("application/json", answer.ContentType);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-known-token")]
    public async Task Missing_or_unknown_token_is_unauthorized(string? token)
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var api = new ApiClient(sim, token);

        var answer = await api.GetAsync("servers");

        Assert.Equal((401, "unauthorized"), (answer.Status, answer.ErrorCode));
    }

    [Fact]
    public async Task Read_only_token_can_read_and_added_tokens_work()
    {
        await using var sim = await SimulatorHost.StartAsync(o => o.ReadOnlyToken = "custom-read-only");
        sim.State.AddToken("extra-read-write", readOnly: false);
        using var reader = new ApiClient(sim, "custom-read-only");
        using var writer = new ApiClient(sim, "extra-read-write");

        Assert.Equal(200, (await reader.GetAsync("servers/42")).Status);
        Assert.Equal(201, (await writer.SendAsync(HttpMethod.Post, "servers/42/actions/create_image", "{}")).Status);
    }

    [Fact]
    public async Task Every_api_answer_carries_rate_limit_headers_including_errors()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var api = new ApiClient(sim, token: null);

        var answer = await api.GetAsync("servers");

        Assert.Equal(401, answer.Status);
        Assert.Equal("3600", answer.Headers.GetValues("RateLimit-Limit").Single());
        Assert.Equal("3599", answer.Headers.GetValues("RateLimit-Remaining").Single());
        var reset = long.Parse(answer.Headers.GetValues("RateLimit-Reset").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(reset - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 0, 2);
    }

    [Fact]
    public async Task Spent_budget_gives_429_and_refills_gradually()
    {
        var start = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(start);
        await using var sim = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        sim.State.RateLimitPerHour = 3;
        using var api = new ApiClient(sim);

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await api.GetAsync("servers")).Status);
        }

        var refused = await api.GetAsync("servers");
        time.Advance(TimeSpan.FromSeconds(1200));
        var refilled = await api.GetAsync("servers");

        Assert.Equal([200, 200, 200, 429], statuses);
        Assert.Equal("rate_limit_exceeded", refused.ErrorCode);
        Assert.Equal("0", refused.Headers.GetValues("RateLimit-Remaining").Single());
        Assert.Equal(start.AddHours(1).ToUnixTimeSeconds(), long.Parse(refused.Headers.GetValues("RateLimit-Reset").Single(), CultureInfo.InvariantCulture));
        Assert.Equal(200, refilled.Status);
    }

    [Fact]
    public async Task Metadata_needs_no_token_and_has_no_rate_limit_headers()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(sim.MetadataBaseUrl + "/instance-id"));

        Assert.Equal("42", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("RateLimit-Limit"));
    }
}
