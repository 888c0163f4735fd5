using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Panel.Modules.Hetzner.Features.GetRestoreOperation;

internal static class GetRestoreOperationEndpoint
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/restore/operations/{id:long}", async (long id, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new GetRestoreOperationQuery(id), cancellationToken)))
            .WithName("GetRestoreOperation")
            .WithSummary("The progress of a new server from a snapshot or a rebuild: until it runs, then its id, name and IPv4.")
            .ProducesProblem(StatusCodes.Status404NotFound);
}
