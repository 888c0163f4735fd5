using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using PanelModule1.Data;

namespace PanelModule1;

internal static class StatusEndpoint
{
    /// <summary>GET /api/modules/{id}/status: how many notes there are and whether the background worker runs.</summary>
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/status", async (NotesDbContext db, WorkerStatus worker, CancellationToken cancellationToken) =>
                TypedResults.Ok(new ModuleStatus(await db.Notes.CountAsync(cancellationToken), worker.StartedAt, worker.Rounds)))
            .WithName("GetStatus");
}

/// <summary>The module's status.</summary>
internal sealed record ModuleStatus(int Notes, DateTimeOffset? WorkerStartedAt, int WorkerRounds);
