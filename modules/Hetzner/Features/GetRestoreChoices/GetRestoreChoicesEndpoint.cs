using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Panel.Modules.Hetzner.Features.GetRestoreChoices;

internal static class GetRestoreChoicesEndpoint
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/snapshots/{id:long}/restore-choices", async (long id, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new GetRestoreChoicesQuery(id), cancellationToken)))
            .WithName("GetRestoreChoices")
            .WithSummary("Server types (with the monthly gross price per location, from Hetzner's /pricing) and locations a server made from the snapshot can have, and the server a rebuild would replace.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway);
}
