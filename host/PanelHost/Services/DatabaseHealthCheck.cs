using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PanelHost.Data;
using PanelHost.Plugins;

namespace PanelHost.Services;

/// <summary>Healthy when the host database answers. The description reaches anonymous callers: it names no path.</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<PanelDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Database.CanConnectAsync(cancellationToken).ConfigureAwait(false)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The panel database cannot be opened; see the log.");
    }
}

/// <summary>
/// Unhealthy when a module failed to load, register, map or initialise: its pages and automatic work (scheduled
/// snapshots) are gone until someone acts, which a monitor must see in the status code (ADR-0019). The panel itself
/// still serves, so readiness (<c>/healthz/ready</c>) leaves this check out.
/// </summary>
internal sealed class ModuleHealthCheck(ModuleCatalog catalog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(catalog.Failures.Count == 0
            ? HealthCheckResult.Healthy($"{catalog.Modules.Count} module(s) loaded.")
            : HealthCheckResult.Unhealthy(
                $"Module(s) failed: {string.Join(", ", catalog.Failures.Select(f => f.Name).Distinct(StringComparer.Ordinal))}; see the Modules page."));
}
