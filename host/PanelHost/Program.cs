using PanelHost;
using PanelHost.Https;
using PanelHost.Plugins;
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

var times = new StartupTimes();
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = HostLayout.ContentRoot(args) });
HostLayout.AddSystemConfiguration(builder.Configuration);
HostLayout.ApplyDefaultUrl(builder);
PanelPaths paths;
try
{
    paths = PanelPaths.From(builder.Configuration, builder.Environment.ContentRootPath);
    // Bad bootstrap values and HTTPS settings refuse the start as well.
    if (BootstrapRules.Check(builder.Configuration) is { } badValue)
    {
        throw badValue;
    }

    builder.AddPanelHttps();
}
catch (Exception ex) when (ex is DataFolderException or StartupConfigurationException)
{
    // Secrets in a folder other local users may read, a folder the panel cannot write, or a bad setting: refuse to
    // start, with one line that says what to fix (ADR-0014, ADR-0019).
    FatalStartup.Log(null, ex.Message, ex);
    Environment.ExitCode = 1;
    return;
}

// Modules are loaded before the container is built so that they can register services; what that logs is held
// until the host's logging exists.
var bootLog = new StartupLog();
var catalog = new ModuleCatalog(paths.PluginsPaths);
catalog.Load(bootLog);
times.ModulesLoaded();
builder.AddPanelHost(paths, catalog, bootLog);

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
times.ContainerBuilt();
app.UsePanelHost(catalog, log);

// The panel listens at once; its data is made ready in the background (StartupPreparation), started only now, so that
// a module's MapEndpoints has returned before its InitializeAsync begins (the contract's order).
app.Lifetime.ApplicationStarted.Register(FatalStartup.MarkStarted);
var preparing = Task.Run(new StartupPreparation(app, catalog, paths, times, log).RunAsync);
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

/// <summary>Visible to WebApplicationFactory in tests.</summary>
public partial class Program;
