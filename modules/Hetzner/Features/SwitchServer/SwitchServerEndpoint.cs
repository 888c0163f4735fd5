using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Panel.Modules.Hetzner.Features.SwitchServer;

internal static class SwitchServerEndpoint
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPost("/server/switch", async (SwitchServerCommand command, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(command, cancellationToken)))
            .WithName("SwitchServer")
            .WithSummary("Makes the panel manage the server it now runs on, once the saved token is checked against it. 409 when the token cannot manage it or the panel runs on another server than the one named; 502 when the metadata service or Hetzner did not answer.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status502BadGateway);
}
