using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Panel.Modules.Hetzner.Pages;

namespace Panel.Modules.Hetzner.Features.GetSettingsSummary;

internal static class GetSettingsSummaryEndpoint
{
    /// <summary>JSON by default; <c>?format=html</c> answers the rendered "What this means" block the Settings tab's
    /// script swaps in, so the browser never formats a figure itself.</summary>
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/settings/summary", async Task<IResult> (bool? enabled, int frequencyHours, int retentionDays, int keepNewest,
                int? keepDaily, int? keepWeekly, int? keepMonthly, string? timeZone, string? format,
                IMediator mediator, CancellationToken cancellationToken) =>
            {
                var view = await mediator.Send(
                    new GetSettingsSummaryQuery(enabled ?? false, frequencyHours, retentionDays, keepNewest, keepDaily, keepWeekly, keepMonthly, timeZone),
                    cancellationToken);
                return format == "html"
                    ? new RazorComponentResult<SettingsSummaryPanel>(new { Summary = view })
                    : TypedResults.Ok(view);
            })
            .WithName("GetSettingsSummary")
            .WithSummary("What a schedule means in numbers (snapshots a day, kept, size, monthly cost, deleted at the next prune) for settings not saved yet; "
                + "keepDaily, keepWeekly, keepMonthly and timeZone are the saved ones when omitted.")
            .ProducesValidationProblem();
}
