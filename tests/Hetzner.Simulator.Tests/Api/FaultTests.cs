using System.Diagnostics;

namespace Hetzner.Simulator.Tests.Api;

public sealed class FaultTests
{
    [Theory]
    [InlineData(FaultKind.ServerError500, 500, "server_error")]
    [InlineData(FaultKind.BadGateway502, 502, "bad_gateway")]
    [InlineData(FaultKind.Timeout504, 504, "timeout")]
    [InlineData(FaultKind.Conflict409, 409, "conflict")]
    [InlineData(FaultKind.Locked423, 423, "locked")]
    [InlineData(FaultKind.RateLimited429, 429, "rate_limit_exceeded")]
    [InlineData(FaultKind.ServiceUnavailable503, 503, "unavailable")]
    public async Task Json_faults_use_the_documented_status_and_hit_only_matching_requests(FaultKind kind, int status, string code)
    {
        await using var sim = await SimulatorHost.StartAsync();
        sim.State.InjectFault(new Fault(kind, "GET", "/images", Count: 2));
        using var api = new ApiClient(sim);

        var other = await api.GetAsync("servers");
        var first = await api.GetAsync("images");
        var second = await api.GetAsync("images");
        var third = await api.GetAsync("images");

        Assert.Equal(200, other.Status);
        Assert.Equal((status, code, "application/json"), (first.Status, first.ErrorCode, first.ContentType));
        Assert.Equal(status, second.Status);
        Assert.Equal(200, third.Status);
    }

    [Theory]
    [InlineData(FaultKind.PlainBadGateway502, 502)]
    [InlineData(FaultKind.PlainTimeout504, 504)]
    public async Task Plain_faults_answer_without_json(FaultKind kind, int status)
    {
        await using var sim = await SimulatorHost.StartAsync();
        sim.State.InjectFault(new Fault(kind));
        using var api = new ApiClient(sim);

        var answer = await api.GetAsync("servers");

        Assert.Equal(status, answer.Status);
        Assert.StartsWith("text/html", answer.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drop_connection_does_not_process_the_request()
    {
        await using var sim = await SimulatorHost.StartAsync();
        sim.State.InjectFault(new Fault(FaultKind.DropConnection, "POST"));
        using var api = new ApiClient(sim);

        await Assert.ThrowsAsync<HttpRequestException>(() => api.SendAsync(HttpMethod.Post, "servers/42/actions/create_image", "{}"));

        Assert.Empty(sim.State.Images);
        Assert.Equal(0, sim.State.Requests.Single().Status);
    }

    [Fact]
    public async Task Drop_connection_after_processing_creates_the_image_but_never_answers()
    {
        await using var sim = await SimulatorHost.StartAsync();
        sim.State.InjectFault(new Fault(FaultKind.DropConnectionAfterProcessing, PathContains: "create_image"));
        using var api = new ApiClient(sim);

        await Assert.ThrowsAsync<HttpRequestException>(() => api.SendAsync(HttpMethod.Post, "servers/42/actions/create_image", "{}"));

        Assert.Single(sim.State.Images);
    }

    [Fact]
    public async Task Hang_waits_until_the_client_gives_up()
    {
        await using var sim = await SimulatorHost.StartAsync();
        sim.State.InjectFault(new Fault(FaultKind.Hang));
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(400) };
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<TaskCanceledException>(() => http.GetAsync(new Uri(sim.ApiBaseUrl + "/servers")));

        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(350), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Latency_delays_every_answer()
    {
        await using var sim = await SimulatorHost.StartAsync();
        sim.State.Latency = TimeSpan.FromMilliseconds(300);
        using var api = new ApiClient(sim);
        var watch = Stopwatch.StartNew();

        await api.GetAsync("servers");

        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"answered after {watch.Elapsed}");
    }

    [Fact]
    public void A_fault_needs_a_positive_count() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SimulatorState(new SimulatorOptions()).InjectFault(new Fault(FaultKind.Hang, Count: 0)));
}
