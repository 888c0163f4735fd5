using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Panel.Modules.Hetzner.Features.GetServerCheck;

internal static class GetServerCheckEndpoint
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/server", async (IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new GetServerCheckQuery(), cancellationToken)))
            .WithName("GetServerCheck")
            .WithSummary("Whether the panel runs on the server its settings are for: Confirmed, Moved (with both server ids) or Unreachable.");
}
