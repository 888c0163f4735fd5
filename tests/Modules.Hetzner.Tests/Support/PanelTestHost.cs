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
using Microsoft.Extensions.FileProviders;
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
/// layout. It serves the module's <c>wwwroot</c> at <c>/_modules/hetzner/</c> as the host does. The background worker
/// runs only when asked for, so that other tests decide when runs happen.
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

    public static async Task<PanelTestHost> StartAsync(SimulatorHost simulator, bool runWorker = false)
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
        if (!runWorker)
        {
            builder.Services.RemoveAll<IHostedService>();
        }

        var app = builder.Build();
        await module.InitializeAsync(app.Services, CancellationToken.None);
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(ModuleWebRoot()), RequestPath = "/_modules/hetzner" });
        app.UseAntiforgery();
        module.MapEndpoints(app.MapGroup("/api/modules/hetzner"));
        app.MapRazorComponents<TestShell>().AddAdditionalAssemblies(typeof(HetznerModule).Assembly);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PanelTestHost(app, dataPath, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>The module's source <c>wwwroot</c>: a plugin's static files are not in a test's static web assets.</summary>
    private static string ModuleWebRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "modules", "Hetzner", "wwwroot");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("modules/Hetzner/wwwroot was not found above the test output folder.");
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
