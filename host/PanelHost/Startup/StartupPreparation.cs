using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using PanelHost.Auth;
using PanelHost.Auth.Accounts;
using PanelHost.Data;
using PanelHost.Plugins;
using PanelHost.Services;

namespace PanelHost.Startup;

/// <summary>
/// Makes the panel's data ready while it already listens (ADR-0009): the host's database, bootstrap provisioning, the
/// setup marker, then every module's <c>InitializeAsync</c>, one after the other on one thread (the second EF Core
/// context reuses the internal services the first one built, and the other core stays free for Kestrel and the first
/// page). It opens the <see cref="StartupGate"/> stage by stage. A stop during start-up disposes the container under
/// it; what that makes it throw counts as the stop, not as a failure.
/// </summary>
internal sealed class StartupPreparation(WebApplication app, ModuleCatalog catalog, PanelPaths paths, StartupTimes times, ILogger log)
{
    private readonly StartupGate _gate = app.Services.GetRequiredService<StartupGate>();
    private readonly CancellationToken _stopping = app.Lifetime.ApplicationStopping;

    /// <summary>Completes when the panel is ready or stopped; throws when the host's own preparation failed (after
    /// failing the waiting requests and stopping the host), so the process ends with that exception.</summary>
    public async Task RunAsync()
    {
        try
        {
            if (app.Services.GetRequiredService<KeyRingCheck>().Problem is { } keyProblem)
            {
                log.LogCritical("{Problem}", keyProblem);
            }

            var hostDataAt = await PrepareHostDataAsync();
            // A module cannot tell a first start from one whose data went missing; the host can (ADR-0014).
            var dataGuard = app.Services.GetRequiredService<ModuleDataGuard>();
            await dataGuard.CheckAsync(catalog.Modules, _stopping);
            await catalog.InitializeAsync(app.Services, log, _stopping);
            await dataGuard.RecordAsync(catalog.Modules, _stopping);
            // Databases created just now were made with the process's default mode.
            DataFolderPermissions.SecureTree(paths.DataPath);
            _gate.Complete();
            log.LogInformation(
                "Start-up: modules loaded at {LoadedMs} ms, container built at {BuiltMs} ms, host data ready at {MigratedMs} ms, modules ready at {InitializedMs} ms",
                times.ModulesLoadedMs, times.ContainerBuiltMs, hostDataAt, times.ElapsedMs);
        }
        catch (Exception ex) when (_stopping.IsCancellationRequested || ex is ObjectDisposedException || ex.InnerException is ObjectDisposedException)
        {
            // Stopped while still starting (a service manager's stop, Ctrl+C), or the host failed to start (a port in use)
            // and disposed its services under this thread: an ordinary shutdown here; the start failure has its own line.
            log.LogInformation("The panel stopped before its data was ready ({Reason})", ex.GetType().Name);
            _gate.Fail(new OperationCanceledException("The panel is stopping.", ex, _stopping));
        }
        catch (Exception ex)
        {
            if (FatalStartup.Describe(ex, paths) is null)
            {
                log.LogCritical(ex, "The panel could not prepare its data and stops: {Reason}", ex.Message);
            }

            // Wrapped, so that what waiting requests and module services rethrow does not read as their own failure.
            _gate.Fail(new InvalidOperationException("The panel could not prepare its data.", ex));
            app.Lifetime.StopApplication();
            throw;
        }
    }

    /// <returns>When the host's tables were ready, in ms since the process started.</returns>
    private async Task<long> PrepareHostDataAsync()
    {
        try
        {
            // Resolved here rather than before RunAsync: building EF Core's options is work the first page need not wait for.
            var hostDb = app.Services.GetRequiredService<IDbContextFactory<PanelDbContext>>();
            var setup = app.Services.GetRequiredService<AdminSetupService>();
            var setupState = app.Services.GetRequiredService<SetupState>();
            var setupCode = app.Services.GetRequiredService<SetupCode>();
            await using (var db = await hostDb.CreateDbContextAsync(_stopping))
            {
                // Reading the history is much cheaper than Migrate, which also diffs the model and takes a lock.
                if ((await db.Database.GetPendingMigrationsAsync(_stopping)).Any())
                {
                    await db.Database.MigrateAsync(_stopping);
                }

                await Alerts.PlainWebhookUrls.ProtectAsync(db, app.Services.GetRequiredService<Alerts.AlertSecrets>(), _stopping);
            }

            _gate.OpenHostData();
            var hostDataAt = times.ElapsedMs;
            await setup.BootstrapAsync(
                app.Configuration["Panel:Bootstrap:AdminUser"],
                app.Configuration["Panel:Bootstrap:AdminPassword"],
                app.Configuration["Panel:Bootstrap:ApiKey"],
                log,
                _stopping);
            // The marker only lets GET /login skip the database while the panel starts; the accounts have the last word (a
            // data folder restored without its accounts gets first-run setup again).
            if (await setup.SetupRequiredAsync(_stopping))
            {
                setupState.Reset();
                setupCode.Ensure(log);
            }
            else
            {
                setupState.MarkDone();
                setupCode.Remove();
            }

            return hostDataAt;
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            // SQLite's message ("file is not a database") does not say which file.
            var named = new InvalidOperationException($"The panel database {paths.DatabaseFile} cannot be used: {ex.Message}", ex);
            _gate.FailHostData(named);
            throw named;
        }
        catch (Exception ex)
        {
            _gate.FailHostData(ex);
            throw;
        }
    }
}

/// <summary>When the start-up steps before the preparation finished, for its one log line.</summary>
internal sealed class StartupTimes
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public long ElapsedMs => _clock.ElapsedMilliseconds;

    public long ModulesLoadedMs { get; private set; }

    public long ContainerBuiltMs { get; private set; }

    public void ModulesLoaded() => ModulesLoadedMs = ElapsedMs;

    public void ContainerBuilt() => ContainerBuiltMs = ElapsedMs;
}
