using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
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
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Panel.Contracts;

namespace Panel.Module.Testing;

/// <summary>
/// Hosts one module the way the panel does, in process, on a free loopback port: the contract's services (a recording
/// <see cref="IAuditLog"/> and <see cref="IAdminNotifier"/>, Data Protection, a data folder of its own and its
/// configuration section), its API under <c>/api/modules/{id}</c>, its pages under <c>/m/{id}/</c> rendered with static
/// server rendering and antiforgery, its <c>wwwroot</c> under <c>/_content/{AssemblyName}/</c> and <c>/_modules/{id}/</c>,
/// every answer with the panel's own security headers and content security policy, and its hosted services
/// started after <see cref="IPanelModule.InitializeAsync"/>, in the contract's order. There is no login: the panel's
/// own authentication is not the module's concern.
/// </summary>
/// <typeparam name="TModule">The module's entry type.</typeparam>
public sealed partial class ModuleTestHost<TModule> : IAsyncDisposable
    where TModule : IPanelModule, new()
{
    private readonly WebApplication _app;

    private ModuleTestHost(WebApplication app, TModule module, string dataPath, Uri baseUri, RecordingAuditLog audit, RecordingNotifier notifier)
    {
        _app = app;
        Module = module;
        DataPath = dataPath;
        BaseUri = baseUri;
        AuditLog = audit;
        Notifications = notifier;
    }

    /// <summary>The module instance the host runs.</summary>
    public TModule Module { get; }

    /// <summary>The module's data folder (a temporary folder, deleted on dispose).</summary>
    public string DataPath { get; }

    /// <summary>Where the host listens, for example <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>The host's container, with the module's registrations.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Every audit event the module wrote.</summary>
    public RecordingAuditLog AuditLog { get; }

    /// <summary>Every notification the module raised.</summary>
    public RecordingNotifier Notifications { get; }

    /// <summary>Starts the module; checks its manifest with the host's rules first.</summary>
    /// <param name="configure">Settings of the module's configuration section, extra services, whether hosted services run.</param>
    public static async Task<ModuleTestHost<TModule>> StartAsync(Action<ModuleTestHostOptions>? configure = null)
    {
        var options = new ModuleTestHostOptions();
        configure?.Invoke(options);
        var module = new TModule();
        ManifestAssert.Passes(module);
        var id = module.Manifest.Id;
        var assembly = typeof(TModule).Assembly;
        var dataPath = Directory.CreateTempSubdirectory($"panel-module-{id}-").FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRazorComponents();
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        var audit = new RecordingAuditLog();
        var notifier = new RecordingNotifier();
        builder.Services.AddSingleton<IAuditLog>(audit);
        builder.Services.AddSingleton<IAdminNotifier>(notifier);
        builder.Services.AddSingleton(TimeProvider.System);
        var section = new ConfigurationBuilder().AddInMemoryCollection(options.Settings).Build();
        module.ConfigureServices(builder.Services, new ModuleContext(section, dataPath));
        options.ConfigureServices?.Invoke(builder.Services);
        if (!options.RunHostedServices)
        {
            foreach (var hosted in builder.Services.Where(d => d.ServiceType == typeof(IHostedService)).ToList())
            {
                builder.Services.Remove(hosted);
            }
        }

        var app = builder.Build();
        app.UseSecurityHeaders(PanelHost.Services.SecurityHeaders.Policy());
        if ((options.WebRootPath ?? FindWebRoot(assembly.GetName().Name!)) is { } webRoot)
        {
            // Both places the panel serves a module's files from (ADR-0023).
            var files = new PhysicalFileProvider(webRoot);
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = $"/_content/{assembly.GetName().Name}" });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = $"/_modules/{id}" });
        }

        app.UseAntiforgery();
        module.MapEndpoints(app.MapGroup($"/api/modules/{id}"));
        app.MapRazorComponents<TestShell>().AddAdditionalAssemblies(assembly);
        await module.InitializeAsync(app.Services, CancellationToken.None).ConfigureAwait(false);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ModuleTestHost<TModule>(app, module, dataPath, new Uri(address.TrimEnd('/') + "/"), audit, notifier);
    }

    /// <summary>A client for the host that keeps cookies (antiforgery) and does not follow redirects.</summary>
    public HttpClient CreateClient() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = BaseUri };

    /// <summary>Loads a page with a form, then posts the form as a browser does: with the antiforgery token and the form's name.</summary>
    /// <param name="client">A client from <see cref="CreateClient"/> (it keeps the antiforgery cookie).</param>
    /// <param name="pagePath">The page, for example <c>m/backups/settings</c>.</param>
    /// <param name="formName">The form's <c>FormName</c>.</param>
    /// <param name="fields">The fields, for example <c>["Model.Name"] = "nightly"</c>.</param>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pagePath, string formName, IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(fields);
        var page = await client.GetStringAsync(new Uri(pagePath, UriKind.Relative)).ConfigureAwait(false);
        var token = TokenPattern().Match(page);
        if (!token.Success)
        {
            throw new InvalidOperationException($"{pagePath} has no form with an antiforgery token.");
        }

        var body = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["_handler"] = formName,
        };
        using var content = new FormUrlEncodedContent(body);
        return await client.PostAsync(new Uri(pagePath, UriKind.Relative), content).ConfigureAwait(false);
    }

    /// <summary>Stops the module's host and deletes its data folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        // SQLite keeps pooled connections (and so the file) open until cleared; the type is the module's, not ours.
        Type.GetType("Microsoft.Data.Sqlite.SqliteConnection, Microsoft.Data.Sqlite")?.GetMethod("ClearAllPools")?.Invoke(null, null);
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    // The module's source wwwroot, found above the test output: <dir>/<AssemblyName>/wwwroot or <dir>/src/<AssemblyName>/wwwroot.
    private static string? FindWebRoot(string assemblyName)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(folder.FullName, assemblyName, "wwwroot"), Path.Combine(folder.FullName, "src", assemblyName, "wwwroot") })
            {
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    /// <summary>The root component: a bare document around the routed module page (the panel adds its layout and tabs).</summary>
    private sealed class TestShell : ComponentBase
    {
        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.AddMarkupContent(0, "<!DOCTYPE html><html><head><title>module test</title></head><body>");
            builder.OpenComponent<Router>(1);
            builder.AddComponentParameter(2, nameof(Router.AppAssembly), typeof(TModule).Assembly);
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
