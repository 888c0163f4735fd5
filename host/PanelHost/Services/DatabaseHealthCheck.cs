using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PanelHost.Data;
using PanelHost.Plugins;

namespace PanelHost.Services;

/// <summary>Healthy when the host database answers; degraded (still serving) when a module failed to load.</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<PanelDbContext> dbFactory, ModuleCatalog catalog, PanelPaths paths) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (!await db.Database.CanConnectAsync(cancellationToken).ConfigureAwait(false))
        {
            return HealthCheckResult.Unhealthy($"The panel database {paths.DatabaseFile} cannot be opened.");
        }

        return catalog.Failures.Count == 0
            ? HealthCheckResult.Healthy($"{catalog.Modules.Count} module(s) loaded.")
            : HealthCheckResult.Degraded($"{catalog.Failures.Count} module(s) failed to load; see the Modules page.");
    }
}
