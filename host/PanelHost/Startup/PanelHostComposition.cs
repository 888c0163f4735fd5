using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.EntityFrameworkCore;
using PanelHost.Alerts;
using PanelHost.Api;
using PanelHost.Auth;
using PanelHost.Components;
using PanelHost.Data;
using PanelHost.Https;
using PanelHost.Plugins;
using Panel.Contracts;
using PanelHost.Services;

namespace PanelHost.Startup;

/// <summary>The host's composition: its services (<see cref="AddPanelHost"/>) and its request pipeline and endpoints
/// (<see cref="UsePanelHost"/>). Program.cs calls the two around building the container.</summary>
internal static class PanelHostComposition
{
    /// <summary>Registers the host's services and the loaded modules' own. The modules were loaded before this, so that
    /// they can register services; what the catalog logs is held in <paramref name="bootLog"/> until logging exists.</summary>
    public static WebApplicationBuilder AddPanelHost(this WebApplicationBuilder builder, PanelPaths paths, ModuleCatalog catalog, StartupLog bootLog)
    {
        // Serves wwwroot from the source tree when the host runs from a build output in any environment (a publish copies it
        // instead, and then there is no manifest to read).
        builder.WebHost.UseStaticWebAssets();
        // No "Server: Kestrel" header (ADR-0011).
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);

        // Behind a TLS reverse proxy on the same machine (the README's advice), the scheme, host and client address come from
        // its X-Forwarded-* headers; only loopback proxies are trusted (the framework's default known proxies and networks).
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost);

        // Under systemd: readiness notification (Type=notify) and stop on SIGTERM. Called before the logging set-up, whose
        // JSON console format then wins over systemd's plain one: logs stay one JSON object a line in the journal too.
        builder.Host.UseSystemd();
        builder.Logging.ClearProviders().AddJsonConsole(o => o.IncludeScopes = true).AddStartupFilter();
        var services = builder.Services;
        services.AddSingleton(paths);
        services.AddSingleton(catalog);
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddDbContextFactory<PanelDbContext>(o => o.UseSqlite($"Data Source={paths.DatabaseFile}"));
        services.AddDataProtection().SetApplicationName("PanelHost").PersistKeysToFileSystem(new DirectoryInfo(paths.KeysPath));
        services.AddSingleton<IAuditLog, AuditLog>();
        services.AddSingleton<AdminNotifier>();
        services.AddSingleton<NotificationLog>();
        services.AddSingleton<IAdminNotifier>(sp => sp.GetRequiredService<AdminNotifier>());
        services.AddSingleton<EventLog>();
        services.AddPanelAlerts(builder.Configuration);
        services.AddSingleton<DashboardCards>();
        services.AddSingleton<FlashMessages>();
        services.AddSingleton<IdleMemoryTrimmer>();
        services.AddSingleton<SetupState>();
        services.AddSingleton<SetupCode>();
        services.AddSingleton<StartupGate>();
        services.AddSingleton<KeyRingCheck>();
        services.AddSingleton<ModuleDataGuard>();
        services.AddPanelAuth();
        services.AddRazorComponents();
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        // Unreadable request bodies become exceptions, so ApiExceptionHandler can say where the body is wrong.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi();
        services.AddPanelHealthChecks();
        catalog.ConfigureServices(services, builder.Configuration, paths.DataPath, bootLog);
        return builder;
    }

    /// <summary>The middleware and endpoints: the host's, then every module's static files, API group and pages. A
    /// module's pages are mapped before its initialisation has run; the readiness gate answers 404 for the pages and API
    /// of a module whose initialisation fails.</summary>
    public static WebApplication UsePanelHost(this WebApplication app, ModuleCatalog catalog, ILogger log)
    {
        app.UseMiddleware<IdleMemoryTrimmerMiddleware>();
        app.UseForwardedHeaders();
        // AllowedHosts is checked once more after the proxy's X-Forwarded-Host is applied (README, Security).
        app.UseHostFiltering();
        app.UsePanelHttps();
        app.UseSecurityHeaders(SecurityHeaders.Policy());
        app.UseExceptionHandler("/error", createScopeForErrors: true);

        app.UseModuleStaticFiles(catalog);

        // People get the shell's not-found page; API callers get ProblemDetails.
        app.UseWhen(ctx => !PanelAuth.IsApi(ctx.Request.Path), b => b.UseStatusCodePagesWithReExecute("/not-found"));
        app.UseWhen(ctx => PanelAuth.IsApi(ctx.Request.Path), b => b.UseStatusCodePages(ApiStatusPages.WriteAsync));
        app.UseMiddleware<ReadinessGateMiddleware>();
        // Routing runs after the status-code pages, so that re-executing /not-found finds its page.
        app.UseRouting();
        app.UseMiddleware<LoginRateLimitMiddleware>();
        app.UseMiddleware<SameOriginApiMiddleware>();
        app.UseAuthentication();
        app.UseMiddleware<SetupRedirectMiddleware>();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapPanelHealthChecks();
        app.MapOpenApi();
        HostApi.Map(app);
        AlertApi.Map(app);
        foreach (var module in catalog.Modules.ToList())
        {
            try
            {
                module.Module.MapEndpoints(app.MapGroup($"/api/modules/{module.Id}").WithTags(module.Manifest.DisplayName));
            }
#pragma warning disable CA1031 // A module's mapping failure must leave the host running.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                catalog.MarkFailed(module, "map endpoints", ex, log);
            }
        }

        app.MapRazorComponents<App>().AddAdditionalAssemblies([.. catalog.Assemblies]);
        return app;
    }
}
