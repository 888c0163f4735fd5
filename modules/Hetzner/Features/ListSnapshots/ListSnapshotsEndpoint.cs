using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Panel.Modules.Hetzner.Features.ListSnapshots;

internal static class ListSnapshotsEndpoint
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapGet("/snapshots", async (int? page, int? pageSize, string? sort, bool? ascending, string? search, string? type,
                IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(new ListSnapshotsQuery(page ?? 1, pageSize, sort, ascending ?? false, search, type), cancellationToken)))
            .WithName("ListSnapshots")
            .WithSummary("This server's snapshots from the local mirror (all, or one page with ?page=&pageSize=; ?sort=created|name|size&ascending=, ?search=, ?type=automatic|manual|outside), with the time of the last refresh.")
            .ProducesValidationProblem();
}
