using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Panel.Modules.Hetzner.Features.RefreshSnapshots;

internal static class RefreshSnapshotsEndpoint
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/snapshots/refresh", async (IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new RefreshSnapshotsCommand(), cancellationToken)))
            .WithName("RefreshSnapshots")
            .WithSummary("Reads the snapshot list from Hetzner now and returns it.")
            .ProducesProblem(StatusCodes.Status409Conflict);
}
