using Microsoft.AspNetCore.Http;
using PanelHost.Plugins;
using PanelHost.Services;

namespace PanelHost.Tests;

/// <summary>The gate in front of the pipeline while the panel prepares its data after it started listening.</summary>
public sealed class ReadinessGateTests
{
    private readonly StartupGate _readiness = new();
    private readonly ModuleCatalog _catalog = new([Path.Combine(Path.GetTempPath(), "panel-no-plugins-" + Guid.NewGuid().ToString("N"))]);
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ReadinessGateMiddleware Gate() => new(_ => { _reached.TrySetResult(); return Task.CompletedTask; }, _readiness, _catalog);

    private static DefaultHttpContext Request(string method, string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        return context;
    }

    [Theory]
    [InlineData("GET", "/modules")]
    [InlineData("POST", "/login")]
    [InlineData("GET", "/api/modules/hetzner/snapshots")]
    [InlineData("GET", "/m/hetzner/snapshots")]
    [InlineData("GET", "/setup")]
    public async Task A_request_that_needs_data_waits_for_readiness_instead_of_failing(string method, string path)
    {
        var context = Request(method, path);
        var handled = Gate().InvokeAsync(context);

        await Task.Delay(50);
        Assert.False(handled.IsCompleted);
        Assert.False(_reached.Task.IsCompleted);

        _readiness.Complete();
        await handled.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(_reached.Task.IsCompletedSuccessfully);
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/login")]
    [InlineData("GET", "/css/panel.css")]
    [InlineData("GET", "/_modules/hetzner/hetzner.css")]
    [InlineData("GET", "/favicon.qwbig151x1.svg")]
    public async Task A_request_that_needs_no_data_passes_at_once(string method, string path)
    {
        await Gate().InvokeAsync(Request(method, path)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(_reached.Task.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Health_answers_starting_until_ready()
    {
        var context = Request("GET", "/healthz");
        await Gate().InvokeAsync(context);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("Starting", System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
        Assert.False(_reached.Task.IsCompleted);

        _readiness.Complete();
        await Gate().InvokeAsync(Request("GET", "/healthz"));
        Assert.True(_reached.Task.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_host_that_fails_to_prepare_fails_the_waiting_request()
    {
        var handled = Gate().InvokeAsync(Request("GET", "/modules"));
        _readiness.Fail(new InvalidOperationException("migration failed"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => handled);
        Assert.False(_reached.Task.IsCompleted);
    }

    [Theory]
    [InlineData("/m/hetzner/snapshots", "hetzner")]
    [InlineData("/m/hetzner", "hetzner")]
    [InlineData("/api/modules/throwing/hello", "throwing")]
    [InlineData("/modules", null)]
    [InlineData("/api/modules", null)]
    [InlineData("/mail", null)]
    public void Module_routes_are_recognised(string path, string? id) => Assert.Equal(id, ReadinessGateMiddleware.ModuleId(path));
}
