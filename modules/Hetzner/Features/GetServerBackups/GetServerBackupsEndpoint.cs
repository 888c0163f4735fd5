using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Panel.Modules.Hetzner.Features.GetServerBackups;

internal static class GetServerBackupsEndpoint
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/backups", async (IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new GetServerBackupsQuery(), cancellationToken)))
            .WithName("GetServerBackups")
            .WithSummary("Reads the Hetzner Backups of the server the panel runs on from Hetzner now: on or off, the daily window, the 7 slots in use and the monthly cost.")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway);
}
