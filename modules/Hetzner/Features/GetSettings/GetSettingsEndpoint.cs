using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Panel.Modules.Hetzner.Features.GetSettings;

internal static class GetSettingsEndpoint
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/settings", async (IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new GetSettingsQuery(), cancellationToken)))
            .WithName("GetSettings")
            .WithSummary("The masked token, the schedule, the last automatic run and what the schedule costs.");
}
