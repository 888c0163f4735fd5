using PanelHost.Plugins;
using PanelHost.Startup;

namespace PanelHost.Services;

/// <summary>
/// The panel listens before its databases and modules are ready. Until <see cref="StartupGate"/> completes, this
/// holds every request that may need data; only requests that need none pass at once: static files, <c>GET /login</c>
/// (the setup check behind it reads a marker file, see <see cref="SetupState"/>), <c>/healthz/live</c>, and the other
/// health checks, which answer 503 "Starting" until the panel is ready. Afterwards it answers 404 for the routes of a module whose
/// initialisation failed, so they never run against an uninitialised module.
/// </summary>
internal sealed class ReadinessGateMiddleware(RequestDelegate next, StartupGate readiness, ModuleCatalog catalog)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!readiness.IsReady)
        {
            // Liveness needs no data: a service manager must not restart a panel that is only slow to prepare it.
            if (request.Path.StartsWithSegments("/healthz") && !request.Path.Equals(HealthEndpoints.LivePath, StringComparison.OrdinalIgnoreCase))
            {
                await HealthEndpoints.WriteStartingAsync(context).ConfigureAwait(false);
                return;
            }

            if (!NeedsNoData(request))
            {
                await readiness.WaitAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }

        if (ModuleId(request.Path) is { } id && catalog.IsFailed(id))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private static bool NeedsNoData(HttpRequest request)
    {
        var path = request.Path;
        return (HttpMethods.IsGet(request.Method) && path.StartsWithSegments("/login"))
            || path.Equals(HealthEndpoints.LivePath, StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/_modules") || path.StartsWithSegments("/css")
            || (path.Value ?? "").StartsWith("/favicon.", StringComparison.Ordinal); // favicon.svg and its fingerprinted name
    }

    /// <summary>The module id of <c>/m/{id}/…</c> and <c>/api/modules/{id}/…</c>, otherwise null.</summary>
    internal static string? ModuleId(PathString path)
    {
        if (path.StartsWithSegments("/m", out var rest) || path.StartsWithSegments("/api/modules", out rest))
        {
            var value = rest.Value;
            if (value is { Length: > 1 })
            {
                var end = value.IndexOf('/', 1);
                return end < 0 ? value[1..] : value[1..end];
            }
        }

        return null;
    }
}
