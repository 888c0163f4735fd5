using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Panel.Modules.Hetzner.Features.GetSnapshotOperation;

internal static class GetSnapshotOperationEndpoint
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/operations/{id:long}", async (long id, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new GetSnapshotOperationQuery(id), cancellationToken)))
            .WithName("GetSnapshotOperation")
            .WithSummary("The status and progress of a snapshot run.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
