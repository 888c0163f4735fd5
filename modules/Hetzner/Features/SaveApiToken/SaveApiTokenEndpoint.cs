using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Panel.Modules.Hetzner.Features.SaveApiToken;

internal static class SaveApiTokenEndpoint
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPut("/settings/token", async (SaveApiTokenCommand command, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(command, cancellationToken)))
            .WithName("SaveApiToken")
            .WithSummary("Checks an API token against the server the panel runs on and stores it encrypted.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status502BadGateway);
}
