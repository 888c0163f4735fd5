using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Net.Http.Headers;
using PanelHost.Services;

namespace PanelHost.Startup;

/// <summary>
/// Health for monitors and service managers (ADR-0019, README Monitoring):
/// <c>/healthz/live</c> the process answers (200 even while starting);
/// <c>/healthz/ready</c> the panel can serve: 503 while starting or when its database or keys are unusable;
/// <c>/healthz</c> everything, 503 when any part is Unhealthy (a failed module included), 200 for Healthy and Degraded.
/// A caller that accepts <c>application/json</c> gets each part's status and what is wrong; never a path.
/// </summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public const string LivePath = "/healthz/live";

    public static IHealthChecksBuilder AddPanelHealthChecks(this IServiceCollection services) =>
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<KeyRingHealthCheck>("data-protection-keys", tags: [ReadyTag])
            .AddCheck<ModuleHealthCheck>("modules")
            .AddCheck<ModuleDataHealthCheck>("module-data");

    public static void MapPanelHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
    }

    /// <summary>The answer while the panel prepares its data (every path but <see cref="LivePath"/>).</summary>
    public static Task WriteStartingAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return WantsJson(context.Request)
            ? context.Response.WriteAsJsonAsync(new HealthAnswer("Starting", []), context.RequestAborted)
            : WriteTextAsync(context, "Starting");
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        if (!WantsJson(context.Request))
        {
            return WriteTextAsync(context, report.Status.ToString());
        }

        var parts = report.Entries
            .Select(e => new HealthPart(e.Key, e.Value.Status.ToString(), e.Value.Description))
            .ToList();
        return context.Response.WriteAsJsonAsync(new HealthAnswer(report.Status.ToString(), parts), context.RequestAborted);
    }

    private static Task WriteTextAsync(HttpContext context, string text)
    {
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    private static bool WantsJson(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)
        && accepted.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));

    private sealed record HealthAnswer(string Status, IReadOnlyList<HealthPart> Parts);

    private sealed record HealthPart(string Name, string Status, string? Description);
}
