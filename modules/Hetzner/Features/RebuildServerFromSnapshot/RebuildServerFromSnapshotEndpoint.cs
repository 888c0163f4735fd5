using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Panel.Modules.Hetzner.Features.RebuildServerFromSnapshot;

internal static class RebuildServerFromSnapshotEndpoint
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/snapshots/{id:long}/rebuild", async (long id, RebuildServerFromSnapshotBody body, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var operation = await mediator.Send(
                    new RebuildServerFromSnapshotCommand(id, body.ConfirmName ?? "", body.TakeFreshSnapshot ?? true), cancellationToken);
                return TypedResults.Accepted($"../../restore/operations/{operation.Id}", operation);
            })
            .WithName("RebuildServerFromSnapshot")
            .WithSummary("Replaces the disk of the server the panel runs on with the snapshot ({\"confirmName\": the server's name, \"takeFreshSnapshot\": true by default}); the panel and everything since the snapshot are lost.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway);
}
