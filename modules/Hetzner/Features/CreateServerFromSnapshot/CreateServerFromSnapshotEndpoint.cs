using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Panel.Modules.Hetzner.Features.CreateServerFromSnapshot;

internal static class CreateServerFromSnapshotEndpoint
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/snapshots/{id:long}/servers", async (long id, CreateServerFromSnapshotBody body, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var operation = await mediator.Send(
                    new CreateServerFromSnapshotCommand(id, body.Name ?? "", body.ServerType ?? "", body.Location ?? ""), cancellationToken);
                return TypedResults.Accepted($"../../restore/operations/{operation.Id}", operation);
            })
            .WithName("CreateServerFromSnapshot")
            .WithSummary("Makes a new server from the snapshot ({\"name\", \"serverType\", \"location\"}); poll the returned restore operation until it runs for its id, name and IPv4.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway);
}
