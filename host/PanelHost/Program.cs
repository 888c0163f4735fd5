using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.EntityFrameworkCore;
using Panel.Contracts;
using PanelHost;
using PanelHost.Alerts;
using PanelHost.Api;
using PanelHost.Auth;
using PanelHost.Components;
using PanelHost.Data;
using PanelHost.Https;
using PanelHost.Plugins;
using PanelHost.Services;
using PanelHost.Startup;

if (PanelVersion.Requested(args))
{
    Console.WriteLine($"PanelHost {PanelVersion.Informational}");
    return;
}

// The backup and restore verbs share the panel's configuration but never start it (ADR-0020).
if (PanelHost.Cli.PanelCli.IsCommand(args))
{
    Environment.ExitCode = await PanelHost.Cli.PanelCli.RunAsync(args, Console.Out, Console.Error);
    return;
}

var startup = System.Diagnostics.Stopwatch.StartNew();
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = HostLayout.ContentRoot(args) });
HostLayout.AddSystemConfiguration(builder.Configuration);
HostLayout.ApplyDefaultUrl(builder);
PanelPaths paths;
try
{
    paths = PanelPaths.From(builder.Configuration, builder.Environment.ContentRootPath);
}
catch (DataFolderException ex)
{
    // Secrets in a folder other local users may read, or a folder the panel cannot write: refuse to start, with one
    // line that says what to fix (ADR-0014, ADR-0019).
    FatalStartup.Log(null, ex.Message, ex);
    Environment.ExitCode = 1;
    return;
}

if (BootstrapRules.Check(builder.Configuration) is { } badValue)
{
    FatalStartup.Log(null, badValue.Message, badValue);
    Environment.ExitCode = 1;
    return;
}

// Serves wwwroot from the source tree when the host runs from a build output in any environment (a publish copies it
// instead, and then there is no manifest to read).
builder.WebHost.UseStaticWebAssets();
// No "Server: Kestrel" header (ADR-0011).
builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
try
{
    builder.AddPanelHttps();
}
catch (StartupConfigurationException ex)
{
    FatalStartup.Log(null, ex.Message, ex);
    Environment.ExitCode = 1;
    return;
}

// Behind a TLS reverse proxy on the same machine (the README's advice), the scheme, host and client address come from
// its X-Forwarded-* headers; only loopback proxies are trusted (the framework's default known proxies and networks).
builder.Services.Configure<ForwardedHeadersOptions>(o =>
    o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost);

// Modules are loaded before the container is built so that they can register services; what that logs is held
// until the host's logging exists.
var bootLog = new StartupLog();
var catalog = new ModuleCatalog(paths.PluginsPaths);
catalog.Load(bootLog);
var loadedAt = startup.ElapsedMilliseconds;

// Under systemd: readiness notification (Type=notify) and stop on SIGTERM. Called before the logging set-up, whose
// JSON console format then wins over systemd's plain one: logs stay one JSON object a line in the journal too.
builder.Host.UseSystemd();
builder.Logging.ClearProviders().AddJsonConsole(o => o.IncludeScopes = true).AddStartupFilter();
builder.Services.AddSingleton(paths);
builder.Services.AddSingleton(catalog);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHttpContextAccessor();
builder.Services.AddDbContextFactory<PanelDbContext>(o => o.UseSqlite($"Data Source={paths.DatabaseFile}"));
builder.Services.AddDataProtection().SetApplicationName("PanelHost").PersistKeysToFileSystem(new DirectoryInfo(paths.KeysPath));
builder.Services.AddSingleton<IAuditLog, AuditLog>();
builder.Services.AddSingleton<AdminNotifier>();
builder.Services.AddSingleton<IAdminNotifier>(sp => sp.GetRequiredService<AdminNotifier>());
builder.Services.AddSingleton<EventLog>();
builder.Services.AddPanelAlerts(builder.Configuration);
builder.Services.AddSingleton<DashboardCards>();
builder.Services.AddSingleton<FlashMessages>();
builder.Services.AddSingleton<SetupState>();
builder.Services.AddSingleton<SetupCode>();
builder.Services.AddSingleton<HostDataGate>();
builder.Services.AddSingleton<StartupReadiness>();
builder.Services.AddSingleton<KeyRingCheck>();
builder.Services.AddSingleton<ModuleDataGuard>();
builder.Services.AddPanelAuth();
builder.Services.AddRazorComponents();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ApiExceptionHandler>();
// Unreadable request bodies become exceptions, so ApiExceptionHandler can say where the body is wrong.
builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddOpenApi();
builder.Services.AddPanelHealthChecks();
catalog.ConfigureServices(builder.Services, builder.Configuration, paths.DataPath, bootLog);

WebApplication app;
try
{
    app = builder.Build();
}
catch (Exception)
{
    // What the catalog logged (which modules loaded, which failed) matters most when building the container fails.
    using var fallback = LoggerFactory.Create(b => b.AddJsonConsole());
    bootLog.Replay(fallback.CreateLogger("PanelHost.Modules"));
    throw;
}

var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PanelHost");
bootLog.Replay(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PanelHost.Modules"));
var builtAt = startup.ElapsedMilliseconds;

// The panel listens at once; the host's database, provisioning and the modules' own storage are made ready in the
// background, one after the other (see PrepareAsync). ReadinessGateMiddleware holds every request that needs
// data until then; host services that write to the host's tables wait for HostDataGate, which opens earlier.
// A stop during start-up disposes the container under the preparation; what that makes it throw counts as the stop.
var gate = app.Services.GetRequiredService<HostDataGate>();
var readiness = app.Services.GetRequiredService<StartupReadiness>();
var stopping = app.Lifetime.ApplicationStopping;
var migratedAt = 0L;

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

// Every loaded module's pages are mapped before its initialisation has run; the readiness gate answers 404 for the
// pages and API of a module whose initialisation fails.
app.MapRazorComponents<App>().AddAdditionalAssemblies([.. catalog.Assemblies]);

// Started only now, so that a module's MapEndpoints has returned before its InitializeAsync begins (the contract's order).
app.Lifetime.ApplicationStarted.Register(FatalStartup.MarkStarted);
var preparing = Task.Run(PrepareAsync);
try
{
    await app.RunAsync();
    // A failure of the host's own preparation has stopped the host; it ends the process as a fatal start-up error.
    await preparing;
}
catch (Exception ex) when (FatalStartup.Describe(ex, paths) is { } cause)
{
    // RunAsync has disposed the container and its loggers by now.
    FatalStartup.Log(null, cause, ex);
    Environment.ExitCode = 1;
}

async Task PrepareAsync()
{
    try
    {
        if (app.Services.GetRequiredService<KeyRingCheck>().Problem is { } keyProblem)
        {
            log.LogCritical("{Problem}", keyProblem);
        }

        // One after the other on one thread: the second EF Core context reuses the internal services the first one
        // built, and the other core stays free for Kestrel and the first page.
        await PrepareHostDataAsync();
        // A module cannot tell a first start from one whose data went missing; the host can (ADR-0014).
        var dataGuard = app.Services.GetRequiredService<ModuleDataGuard>();
        await dataGuard.CheckAsync(catalog.Modules, stopping);
        await catalog.InitializeAsync(app.Services, log, stopping);
        await dataGuard.RecordAsync(catalog.Modules, stopping);
        // Databases created just now were made with the process's default mode.
        DataFolderPermissions.SecureTree(paths.DataPath);
        readiness.Complete();
        log.LogInformation(
            "Start-up: modules loaded at {LoadedMs} ms, container built at {BuiltMs} ms, host data ready at {MigratedMs} ms, modules ready at {InitializedMs} ms",
            loadedAt, builtAt, migratedAt, startup.ElapsedMilliseconds);
    }
    catch (Exception ex) when (stopping.IsCancellationRequested || ex is ObjectDisposedException || ex.InnerException is ObjectDisposedException)
    {
        // Stopped while still starting (a service manager's stop, Ctrl+C), or the host failed to start (a port in use)
        // and disposed its services under this thread: an ordinary shutdown here; the start failure has its own line.
        log.LogInformation("The panel stopped before its data was ready ({Reason})", ex.GetType().Name);
        readiness.Fail(new OperationCanceledException("The panel is stopping.", ex, stopping));
    }
    catch (Exception ex)
    {
        if (FatalStartup.Describe(ex, paths) is null)
        {
            log.LogCritical(ex, "The panel could not prepare its data and stops: {Reason}", ex.Message);
        }

        // Wrapped, so that what waiting requests and module services rethrow does not read as their own failure.
        readiness.Fail(new InvalidOperationException("The panel could not prepare its data.", ex));
        app.Lifetime.StopApplication();
        throw;
    }
}

async Task PrepareHostDataAsync()
{
    try
    {
        // Resolved here rather than before RunAsync: building EF Core's options is work the first page need not wait for.
        var hostDb = app.Services.GetRequiredService<IDbContextFactory<PanelDbContext>>();
        var accounts = app.Services.GetRequiredService<AccountService>();
        var setupState = app.Services.GetRequiredService<SetupState>();
        var setupCode = app.Services.GetRequiredService<SetupCode>();
        await using (var db = await hostDb.CreateDbContextAsync(stopping))
        {
            // Reading the history is much cheaper than Migrate, which also diffs the model and takes a lock.
            if ((await db.Database.GetPendingMigrationsAsync(stopping)).Any())
            {
                await db.Database.MigrateAsync(stopping);
            }
        }

        gate.Open();
        migratedAt = startup.ElapsedMilliseconds;
        await accounts.BootstrapAsync(
            app.Configuration["Panel:Bootstrap:AdminUser"],
            app.Configuration["Panel:Bootstrap:AdminPassword"],
            app.Configuration["Panel:Bootstrap:ApiKey"],
            log,
            stopping);
        // The marker only lets GET /login skip the database while the panel starts; the accounts have the last word (a
        // data folder restored without its accounts gets first-run setup again).
        if (await accounts.SetupRequiredAsync(stopping))
        {
            setupState.Reset();
            setupCode.Ensure(log);
        }
        else
        {
            setupState.MarkDone();
            setupCode.Remove();
        }
    }
    catch (Microsoft.Data.Sqlite.SqliteException ex)
    {
        // SQLite's message ("file is not a database") does not say which file.
        var named = new InvalidOperationException($"The panel database {paths.DatabaseFile} cannot be used: {ex.Message}", ex);
        gate.Fail(named);
        throw named;
    }
    catch (Exception ex)
    {
        gate.Fail(ex);
        throw;
    }
}

/// <summary>Visible to WebApplicationFactory in tests.</summary>
public partial class Program;
