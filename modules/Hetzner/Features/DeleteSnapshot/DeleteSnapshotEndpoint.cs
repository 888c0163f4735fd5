using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Panel.Modules.Hetzner.Features.DeleteSnapshot;

internal static class DeleteSnapshotEndpoint
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapDelete("/snapshots/{id:long}", async (long id, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new DeleteSnapshotCommand(id), cancellationToken)))
            .WithName("DeleteSnapshot")
            .WithSummary("Deletes one of this server's snapshots; a delete-protected one is refused (409).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway);
}
