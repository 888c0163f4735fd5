using Hetzner.Simulator;
using Panel.Modules.Hetzner.Integration;
using static Modules.Hetzner.Tests.Integration.HetznerClientHarness;

namespace Modules.Hetzner.Tests.Integration;

/// <summary>Each injected fault on an idempotent request (GET /servers/42) and what the caller sees.</summary>
public sealed class FaultHandlingTests
{
    private const string ServerPath = "/v1/servers/42";

    [Theory]
    [InlineData(FaultKind.BadGateway502, 502)]
    [InlineData(FaultKind.PlainBadGateway502, 502)]
    [InlineData(FaultKind.Timeout504, 504)]
    [InlineData(FaultKind.PlainTimeout504, 504)]
    [InlineData(FaultKind.Conflict409, 409)]
    public async Task Retryable_answers_are_retried_until_success(FaultKind kind, int firstStatus)
    {
        await using var h = await StartAsync();
        h.Sim.InjectFault(new Fault(kind, "GET", ServerPath, Count: 2));

        var result = await h.Api.GetServerAsync(Rw, 42, CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(SimulatorDefaults.DemoServerName, result.Value!.Name);
        Assert.Equal([firstStatus, firstStatus, 200], h.RequestsTo(ServerPath).Select(r => r.Status));
    }

    [Theory]
    [InlineData(FaultKind.ServerError500, 500, "server_error")]
    [InlineData(FaultKind.Locked423, 423, "locked")]
    [InlineData(FaultKind.ServiceUnavailable503, 503, "unavailable")]
    public async Task Other_errors_are_surfaced_after_one_request(FaultKind kind, int status, string code)
    {
        await using var h = await StartAsync();
        h.Sim.InjectFault(new Fault(kind, "GET", ServerPath));

        var result = await h.Api.GetServerAsync(Rw, 42, CancellationToken.None);

        Assert.Equal(code, result.Error?.Code);
        Assert.Equal(status, result.Error!.HttpStatus);
        Assert.Single(h.RequestsTo(ServerPath));
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_number()
    {
        await using var h = await StartAsync(new Dictionary<string, string?> { ["Resilience:MaxRetries"] = "2" });
        h.Sim.InjectFault(new Fault(FaultKind.BadGateway502, "GET", ServerPath, Count: 10));

        var result = await h.Api.GetServerAsync(Rw, 42, CancellationToken.None);

        Assert.Equal(HetznerError.BadGateway, result.Error?.Code);
        Assert.Equal(3, h.RequestsTo(ServerPath).Count);
    }

    [Fact]
    public async Task Dropped_connection_on_a_get_is_retried()
    {
        await using var h = await StartAsync();
        h.Sim.InjectFault(new Fault(FaultKind.DropConnection, "GET", ServerPath));

        var result = await h.Api.GetServerAsync(Rw, 42, CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal([0, 200], h.RequestsTo(ServerPath).Select(r => r.Status).Order());
    }

    [Fact]
    public async Task Hanging_request_times_out_and_is_retried()
    {
        await using var h = await StartAsync(new Dictionary<string, string?> { ["Resilience:AttemptTimeout"] = "00:00:00.500" });
        Assert.True((await h.Api.GetServerAsync(Rw, 42, CancellationToken.None)).IsSuccess);
        h.Sim.ClearRequests();
        h.Sim.InjectFault(new Fault(FaultKind.Hang, "GET", ServerPath));

        var result = await h.Api.GetServerAsync(Rw, 42, CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal([0, 200], h.RequestsTo(ServerPath).Select(r => r.Status).Order());
    }

    [Fact]
    public async Task No_answer_at_all_is_a_network_error()
    {
        await using var h = await StartAsync(new Dictionary<string, string?>
        {
            ["Resilience:MaxRetries"] = "1",
            ["Resilience:AttemptTimeout"] = "00:00:00.300",
        });
        h.Sim.InjectFault(new Fault(FaultKind.Hang, "GET", ServerPath, Count: 5));

        var result = await h.Api.GetServerAsync(Rw, 42, CancellationToken.None);

        Assert.Equal(HetznerError.NetworkError, result.Error?.Code);
        Assert.Equal(0, result.Error!.HttpStatus);
    }

    [Fact]
    public async Task Rate_limited_answer_waits_for_the_reset_then_succeeds()
    {
        await using var h = await StartAsync();
        h.Sim.InjectFault(new Fault(FaultKind.RateLimited429, "GET", ServerPath));

        var result = await h.Api.GetServerAsync(Rw, 42, CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        var requests = h.RequestsTo(ServerPath);
        Assert.Equal([429, 200], requests.Select(r => r.Status));
        // The simulator's RateLimit-Reset is the whole second one refill (1 s) after the request arrived; the log
        // time is when the answer started, a few ms later, hence the 50 ms allowance. The 10-50 ms backoff alone
        // would have retried well before that second.
        var reset = DateTimeOffset.FromUnixTimeSeconds(requests[0].At.AddMilliseconds(950).ToUnixTimeSeconds());
        Assert.True(requests[1].At >= reset, $"retried at {requests[1].At:O}, reset not before {reset:O}");
    }

    [Fact]
    public async Task Caller_cancellation_ends_the_call()
    {
        await using var h = await StartAsync(new Dictionary<string, string?> { ["Resilience:AttemptTimeout"] = "00:00:10" });
        h.Sim.InjectFault(new Fault(FaultKind.Hang, "GET", ServerPath));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Api.GetServerAsync(Rw, 42, cts.Token));
    }
}
