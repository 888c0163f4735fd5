using System.Text.Json;

namespace Hetzner.Simulator.Control;

/// <summary>
/// The unauthenticated <c>/_sim</c> surface for scripts and the standalone app. Never logged, counted or
/// rate-limited, so it cannot disturb what a test measures.
/// </summary>
internal static class ControlEndpoints
{
    public const string BasePath = "/_sim";

    public static void MapControl(this IEndpointRouteBuilder app)
    {
        var sim = app.MapGroup(BasePath);
        sim.AddEndpointFilter(RejectBadSettingsAsync);
        sim.MapGet("/requests", (SimulatorState state) => Results.Json(state.Requests));
        sim.MapDelete("/requests", (SimulatorState state) =>
        {
            state.ClearRequests();
            return Results.NoContent();
        });
        sim.MapGet("/requests/count", (SimulatorState state) => Results.Json(new { count = state.RequestCount }));
        sim.MapGet("/images", (SimulatorState state) => Results.Json(state.Images));
        sim.MapPost("/images", (BulkImages body, SimulatorState state) => Results.Json(new { ids = body.SeedInto(state) }, statusCode: StatusCodes.Status201Created));
        sim.MapPost("/servers", (NewServer body, SimulatorState state) =>
            Results.Json(new { id = state.AddServer(body.Name, body.Status ?? "running") }, statusCode: StatusCodes.Status201Created));
        sim.MapGet("/settings", (SimulatorState state) => Results.Json(Settings.Of(state)));
        sim.MapPut("/settings", (JsonElement body, SimulatorState state) =>
        {
            Settings.Apply(body, state);
            return Results.Json(Settings.Of(state));
        });
        sim.MapPost("/faults", (Fault fault, SimulatorState state) =>
        {
            state.InjectFault(fault);
            return Results.NoContent();
        });
    }

    /// <summary>Out-of-range or mistyped control values become 400 with the reason instead of a bare 500.</summary>
    private static async ValueTask<object?> RejectBadSettingsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            return Results.BadRequest(new { error = e.Message });
        }
    }
}

internal sealed record NewServer(string Name, string? Status);

/// <summary>Body of POST /_sim/images: many snapshots at once, created one hour apart going back from now.</summary>
internal sealed record BulkImages(long? ServerId, int Count, Dictionary<string, string>? Labels, string? Description)
{
    public IReadOnlyList<long> SeedInto(SimulatorState state)
    {
        var now = state.Time.GetUtcNow();
        var serverId = ServerId ?? SimulatorDefaults.DemoServerId;
        return [.. Enumerable.Range(0, Math.Max(Count, 1)).Select(i => state.AddImage(new SeedImage(
            serverId,
            Description ?? $"seeded snapshot {i + 1}",
            now.AddHours(-(Count - i)),
            Labels)))];
    }
}

internal sealed record Settings(long LatencyMs, long ActionDurationMs, int? SnapshotQuota, int RateLimitPerHour)
{
    public static Settings Of(SimulatorState state) => new(
        (long)state.Latency.TotalMilliseconds, (long)state.ActionDuration.TotalMilliseconds, state.SnapshotQuota, state.RateLimitPerHour);

    /// <summary>Only the keys present change; <c>"snapshotQuota": null</c> removes the quota.</summary>
    public static void Apply(JsonElement body, SimulatorState state)
    {
        if (body.TryGetProperty("latencyMs", out var latency))
        {
            state.Latency = TimeSpan.FromMilliseconds(latency.GetInt64());
        }

        if (body.TryGetProperty("actionDurationMs", out var duration))
        {
            state.ActionDuration = TimeSpan.FromMilliseconds(duration.GetInt64());
        }

        if (body.TryGetProperty("snapshotQuota", out var quota))
        {
            state.SnapshotQuota = quota.ValueKind == JsonValueKind.Null ? null : quota.GetInt32();
        }

        if (body.TryGetProperty("rateLimitPerHour", out var rate))
        {
            state.RateLimitPerHour = rate.GetInt32();
        }
    }
}
