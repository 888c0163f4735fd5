using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PanelHost.Tests.Alerts;

/// <summary>A quiet Kestrel app on a free loopback port, for the servers the alert tests talk to (a webhook receiver, a
/// CA's CRL distribution point).</summary>
internal static class LoopbackWebApp
{
    /// <param name="map">Maps the app's endpoints before it starts.</param>
    /// <returns>The started app and its base address (<c>http://127.0.0.1:port</c>).</returns>
    public static async Task<(WebApplication App, string Url)> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, address.TrimEnd('/'));
    }
}
