using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Hetzner.Simulator;
using Panel.Modules.Hetzner.Integration;
using static Modules.Hetzner.Tests.Integration.HetznerClientHarness;

namespace Modules.Hetzner.Tests.Integration;

public sealed class TokenAndAccountTests
{
    [Fact]
    public async Task Read_write_and_read_only_tokens_are_told_apart_without_side_effects()
    {
        await using var h = await StartAsync();

        var rw = await h.Api.CanWriteAsync(Rw, CancellationToken.None);
        var ro = await h.Api.CanWriteAsync(Ro, CancellationToken.None);

        Assert.True(rw.Value);
        Assert.False(ro.Value);
        Assert.True(ro.IsSuccess);
        Assert.Empty(h.Sim.Images);
        Assert.All(h.Sim.Requests, r => Assert.Equal("PUT /v1/images/9007199254740991", $"{r.Method} {r.PathAndQuery}"));
    }

    [Fact]
    public async Task Unknown_token_is_unauthorized_and_not_retried()
    {
        await using var h = await StartAsync();

        var result = await h.Api.GetServerAsync(Unknown, 42, CancellationToken.None);
        var canWrite = await h.Api.CanWriteAsync(Unknown, CancellationToken.None);

        Assert.Equal(HetznerError.Unauthorized, result.Error?.Code);
        Assert.Equal(401, result.Error!.HttpStatus);
        Assert.Equal(HetznerError.Unauthorized, canWrite.Error?.Code);
        Assert.Equal(2, h.Sim.RequestCount);
        AssertNoToken(result.Error.Message);
        Assert.Equal(
            "Hetzner did not accept the API token. Check that it was copied completely and has not been deleted.",
            HetznerErrorText.Describe(result.Error));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc\r\nX-Injected: 1")]
    [InlineData("token with spaces")]
    public async Task Unsendable_token_is_refused_before_any_request(string token)
    {
        await using var h = await StartAsync();

        var result = await h.Api.GetServerAsync(token, 42, CancellationToken.None);

        Assert.Equal(HetznerError.InvalidToken, result.Error?.Code);
        Assert.Equal(0, h.Sim.RequestCount);
        if (token.Length > 0)
        {
            Assert.DoesNotContain(token, result.Error!.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Trace_logging_sees_the_requests_but_never_the_token()
    {
        await using var h = await StartAsync();
        h.Sim.InjectFault(new Fault(FaultKind.BadGateway502, "GET", "/v1/servers/42"));

        Assert.True((await h.Api.GetServerAsync(Rw, 42, CancellationToken.None)).IsSuccess);
        Assert.True((await h.Api.CreateSnapshotAsync(Rw, 42, "x", new Dictionary<string, string>(), CancellationToken.None)).IsSuccess);
        Assert.True((await h.Api.GetInstanceIdAsync(CancellationToken.None)).IsSuccess);

        // The header lines are there (so the check below means something), with their values redacted.
        Assert.Contains(h.Logs.Lines, l => l.Contains("Authorization: *", StringComparison.Ordinal));
        Assert.Contains(h.Logs.Lines, l => l.Contains("/v1/servers/42", StringComparison.Ordinal));
        Assert.All(h.Logs.Lines, AssertNoToken);
    }

    [Fact]
    public async Task Snapshot_Backups_and_server_prices_are_read_from_pricing_in_one_request()
    {
        await using var h = await StartAsync();

        var pricing = (await h.Api.GetPricingAsync(Rw, CancellationToken.None)).Value!;

        Assert.Equal(new SnapshotPrice(0.0131m, "EUR"), pricing.Snapshot);
        Assert.Equal(new BackupPrice(4.5101m, 20m, "EUR"), pricing.Backup("cx22", "fsn1"));
        Assert.Equal(4.5101m, pricing.ServerPrices("cx22")["fsn1"]);
        Assert.Empty(pricing.ServerPrices("cx99"));
        Assert.Null(pricing.Backup("cx22", "mars1"));
        Assert.Equal(1, h.Simulator.State.Requests.Count(r => r.PathAndQuery == "/v1/pricing"));
    }

    [Fact]
    public async Task Server_and_instance_id()
    {
        await using var h = await StartAsync();

        var id = await h.Api.GetInstanceIdAsync(CancellationToken.None);
        var server = await h.Api.GetServerAsync(Rw, id.Value, CancellationToken.None);

        Assert.Equal(SimulatorDefaults.DemoServerId, id.Value);
        Assert.Equal(SimulatorDefaults.DemoServerName, server.Value!.Name);
        Assert.Equal("running", server.Value.Status);
        Assert.Equal(SimulatorDefaults.DemoServerIpv4, server.Value.PublicIpv4);
        Assert.Equal(SimulatorDefaults.DemoDiskSizeGb, server.Value.PrimaryDiskSizeGb);
    }

    [Fact]
    public async Task Metadata_service_that_never_answers_is_a_quick_network_error()
    {
        // Accepts connections (the kernel's backlog does) but never reads or answers, like an unrouted link-local address.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await using var h = await StartAsync(new Dictionary<string, string?>
        {
            ["MetadataBaseUrl"] = $"http://127.0.0.1:{port}/hetzner/v1/metadata",
            ["MetadataTimeout"] = "00:00:00.300",
        });
        var watch = Stopwatch.StartNew();

        var id = await h.Api.GetInstanceIdAsync(CancellationToken.None);

        Assert.Equal(HetznerError.NetworkError, id.Error?.Code);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }
}
