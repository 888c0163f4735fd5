using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Panel.Modules.Hetzner.Features.ChangeServerBackups;

internal static class ChangeServerBackupsEndpoint
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/backups", async (ChangeServerBackupsBody body, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new ChangeServerBackupsCommand(body.Enabled, body.ConfirmedBackups), cancellationToken)))
            .WithName("ChangeServerBackups")
            .WithSummary("Switches Hetzner's own daily Backups of the server the panel runs on on ({\"enabled\": true}) or off ({\"enabled\": false}: Hetzner deletes the server's backups at once; with \"confirmedBackups\": n it is refused, nothing sent, when Hetzner holds more than n by then).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway);
}
