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
        sim.AddEndpointFilter(RejectBadValuesAsync);
        sim.MapGet("/requests", (SimulatorState state) => Results.Json(state.Requests));
        sim.MapDelete("/requests", (SimulatorState state) =>
        {
            state.ClearRequests();
            return Results.NoContent();
        });
        sim.MapGet("/requests/count", (SimulatorState state) => Results.Json(new { count = state.RequestCount }));
        sim.MapGet("/images", (SimulatorState state) => Results.Json(state.Images));
        sim.MapPost("/images", (JsonElement body, SimulatorState state) =>
            Results.Json(new { ids = ImageSeeding.Seed(body, state) }, statusCode: StatusCodes.Status201Created));
        sim.MapPost("/servers", (JsonElement body, SimulatorState state) =>
        {
            var server = ControlBody.Read<NewServer>(body);
            var name = server.Name ?? throw new ArgumentException("name is required.");
            return Results.Json(new { id = state.AddServer(name, server.Status ?? "running") }, statusCode: StatusCodes.Status201Created);
        });
        sim.MapPost("/servers/{id:long}/lock", (long id, JsonElement body, SimulatorState state) =>
        {
            var lockFor = ControlBody.Read<ServerLock>(body).DurationMs ?? throw new ArgumentException("durationMs is required.");
            return Results.Json(new { actionId = state.LockServer(id, TimeSpan.FromMilliseconds(lockFor)) }, statusCode: StatusCodes.Status201Created);
        });
        sim.MapPost("/tokens", (JsonElement body, SimulatorState state) =>
        {
            var token = ControlBody.Read<NewToken>(body);
            var value = token.Token ?? throw new ArgumentException("token is required.");
            var readOnly = token.ReadOnly ?? throw new ArgumentException("readOnly must be true or false.");
            state.AddToken(value, readOnly);
            return Results.Json(new { token = value, readOnly }, statusCode: StatusCodes.Status201Created);
        });
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
    private static async ValueTask<object?> RejectBadValuesAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
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

internal sealed record NewServer(string? Name, string? Status);

internal sealed record NewToken(string? Token, bool? ReadOnly);

internal sealed record ServerLock(long? DurationMs);

internal sealed record Settings(
    long LatencyMs, long ActionDurationMs, int? SnapshotQuota, int RateLimitPerHour, long MetadataServerId, bool MetadataReachable,
    int? ServerQuota, IReadOnlyList<string> UnavailableServerTypes)
{
    public static Settings Of(SimulatorState state) => new(
        (long)state.Latency.TotalMilliseconds, (long)state.ActionDuration.TotalMilliseconds, state.SnapshotQuota, state.RateLimitPerHour,
        state.MetadataServerId, state.MetadataReachable, state.ServerQuota, state.UnavailableServerTypes);

    /// <summary>Only the keys present change; <c>"snapshotQuota": null</c> removes the quota.</summary>
    public static void Apply(JsonElement body, SimulatorState state)
    {
        // Read before anything changes, so that a refused value leaves the metadata service as it was.
        long? metadataServerId = body.TryGetProperty("metadataServerId", out var server) ? server.GetInt64() : null;
        bool? metadataReachable = body.TryGetProperty("metadataReachable", out var reachable) ? reachable.GetBoolean() : null;
        if (metadataServerId is { } id && state.Project.FindServer(id) is null)
        {
            throw new ArgumentException($"metadataServerId {id} is not a server of the project.");
        }

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

        if (body.TryGetProperty("serverQuota", out var serverQuota))
        {
            state.ServerQuota = serverQuota.ValueKind == JsonValueKind.Null ? null : serverQuota.GetInt32();
        }

        if (body.TryGetProperty("unavailableServerTypes", out var unavailable))
        {
            state.UnavailableServerTypes = unavailable.ValueKind == JsonValueKind.Array
                ? [.. unavailable.EnumerateArray().Select(e => e.GetString() ?? throw new ArgumentException("unavailableServerTypes must hold strings."))]
                : throw new ArgumentException("unavailableServerTypes must be an array of strings.");
        }

        if (body.TryGetProperty("rateLimitPerHour", out var rate))
        {
            state.RateLimitPerHour = rate.GetInt32();
        }

        if (metadataServerId is { } newId)
        {
            state.MetadataServerId = newId;
        }

        if (metadataReachable is { } isReachable)
        {
            state.MetadataReachable = isReachable;
        }
    }
}
