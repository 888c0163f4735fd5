using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Panel.Modules.Hetzner.Features.PreviewPrune;

internal static class PreviewPruneEndpoint
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/prune/preview", async (int? retentionDays, int? keepNewest, int? keepDaily, int? keepWeekly, int? keepMonthly, string? timeZone,
                IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(
                    new PreviewPruneQuery(retentionDays, keepNewest, keepDaily, keepWeekly, keepMonthly, timeZone), cancellationToken)))
            .WithName("PreviewPrune")
            .WithSummary("What the next prune would delete and keep (each kept snapshot with its reasons), from the local mirror; "
                + "?retentionDays=&keepNewest=&keepDaily=&keepWeekly=&keepMonthly=&timeZone= answer for settings not saved yet.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
