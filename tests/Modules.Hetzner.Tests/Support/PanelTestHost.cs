using System.Net;
using Hetzner.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Panel.Contracts;
using Panel.Modules.Hetzner;

namespace Modules.Hetzner.Tests.Support;

/// <summary>
/// A stand-in for the host shell, as small as the module's contract allows: it registers the module, maps its API
/// on <c>/api/modules/hetzner</c> and serves its pages with static server rendering, without the host's auth and
/// layout. The background worker is left out so tests decide when runs happen.
/// </summary>
internal sealed class PanelTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataPath;

    private PanelTestHost(WebApplication app, string dataPath, Uri baseUri)
    {
        _app = app;
        _dataPath = dataPath;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<PanelTestHost> StartAsync(SimulatorHost simulator)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        var dataPath = Directory.CreateTempSubdirectory("hetzner-panel-tests-").FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(PanelTestHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRazorComponents();
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        builder.Services.AddSingleton<IAuditLog, RecordingAuditLog>();
        builder.Services.AddSingleton<IAdminNotifier, RecordingNotifier>();

        var module = new HetznerModule();
        var section = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ApiBaseUrl"] = simulator.ApiBaseUrl,
                ["MetadataBaseUrl"] = simulator.MetadataBaseUrl,
                ["Resilience:ActionPollInterval"] = "00:00:00.050",
            })
            .Build();
        module.ConfigureServices(builder.Services, new ModuleContext(section, dataPath));
        builder.Services.RemoveAll<IHostedService>();

        var app = builder.Build();
        await module.InitializeAsync(app.Services, CancellationToken.None);
        app.UseAntiforgery();
        module.MapEndpoints(app.MapGroup("/api/modules/hetzner"));
        app.MapRazorComponents<TestShell>().AddAdditionalAssemblies(typeof(HetznerModule).Assembly);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PanelTestHost(app, dataPath, new Uri(address.TrimEnd('/') + "/"));
    }

    public HttpClient CreateClient() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = BaseUri };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataPath, recursive: true);
    }

    /// <summary>The root component: a bare document around the routed module page.</summary>
    private sealed class TestShell : ComponentBase
    {
        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.AddMarkupContent(0, "<!DOCTYPE html><html><head><title>test</title></head><body>");
            builder.OpenComponent<Router>(1);
            builder.AddComponentParameter(2, nameof(Router.AppAssembly), typeof(HetznerModule).Assembly);
            builder.AddComponentParameter(3, nameof(Router.Found), (RenderFragment<RouteData>)(route => inner =>
            {
                inner.OpenComponent<RouteView>(0);
                inner.AddComponentParameter(1, nameof(RouteView.RouteData), route);
                inner.CloseComponent();
            }));
            builder.CloseComponent();
            builder.AddMarkupContent(4, "</body></html>");
        }
    }
}
