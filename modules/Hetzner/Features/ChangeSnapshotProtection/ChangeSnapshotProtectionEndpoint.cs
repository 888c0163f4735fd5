using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Panel.Modules.Hetzner.Features.ChangeSnapshotProtection;

internal static class ChangeSnapshotProtectionEndpoint
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/snapshots/{id:long}/protection", async (long id, ChangeSnapshotProtectionBody body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new ChangeSnapshotProtectionCommand(id, body.Delete), cancellationToken)))
            .WithName("ChangeSnapshotProtection")
            .WithSummary("Switches delete protection (keep forever) of one of this server's snapshots on or off at Hetzner; {\"delete\": true} protects.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway);
}
