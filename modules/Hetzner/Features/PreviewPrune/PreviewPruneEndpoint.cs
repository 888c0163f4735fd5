using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Panel.Modules.Hetzner.Features.PreviewPrune;

internal static class PreviewPruneEndpoint
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/prune/preview", async (int? retentionDays, int? keepNewest, int? keepDaily, int? keepWeekly, int? keepMonthly, string? timeZone, bool? scheduled,
                IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(
                    new PreviewPruneQuery(retentionDays, keepNewest, keepDaily, keepWeekly, keepMonthly, timeZone, AtNextScheduledRun: scheduled == true), cancellationToken)))
            .WithName("PreviewPrune")
            .WithSummary("What a prune now would delete and keep (each kept snapshot with its reasons), from the local mirror; "
                + "?scheduled=true answers for the prune after the next automatic run instead (scheduledRun says when; a prune now "
                + "while the schedule is off); ?retentionDays=&keepNewest=&keepDaily=&keepWeekly=&keepMonthly=&timeZone= answer "
                + "for settings not saved yet.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
