using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Panel.Modules.Hetzner.Features.CreateSnapshot;

internal static class CreateSnapshotEndpoint
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/snapshots", async (CreateSnapshotCommand command, IMediator mediator, CancellationToken cancellationToken) =>
            {
                var operation = await mediator.Send(command, cancellationToken);
                return TypedResults.Accepted($"operations/{operation.Id}", operation);
            })
            .WithName("CreateSnapshot")
            .WithSummary("Starts a manual snapshot; poll the returned operation for its progress. 409 when no token is saved or a run is in progress.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
