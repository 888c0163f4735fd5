using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Panel.Modules.Hetzner.Features.PruneExpired;

internal static class PruneExpiredEndpoint
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/prune", async (bool? dryRun, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new PruneExpiredCommand(dryRun ?? false), cancellationToken)))
            .WithName("PruneExpired")
            .WithSummary("Deletes expired automatic snapshots of this server; ?dryRun=true only reports what would be deleted and why.")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway);
}
