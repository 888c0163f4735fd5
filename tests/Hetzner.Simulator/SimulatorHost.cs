using System.Net;
using Hetzner.Simulator.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Hetzner.Simulator;

/// <summary>The simulator on a random loopback port inside the calling process, one independent project per instance.</summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorHost(WebApplication app, SimulatorState state, Uri baseUri)
    {
        _app = app;
        State = state;
        BaseUri = baseUri;
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseUri { get; }

    /// <summary>The value for HCLOUD_ENDPOINT: the base URI plus <c>v1</c>, without a trailing slash.</summary>
    public string ApiBaseUrl => new Uri(BaseUri, "v1").ToString();

    public string MetadataBaseUrl => new Uri(BaseUri, "hetzner/v1/metadata").ToString();

    public SimulatorState State { get; }

    public static async Task<SimulatorHost> StartAsync(Action<SimulatorOptions>? configure = null)
    {
        var options = new SimulatorOptions();
        configure?.Invoke(options);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SimulatorHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var state = builder.AddSimulator(options);
        var app = builder.Build();
        app.UseSimulator();
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SimulatorHost(app, state, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
