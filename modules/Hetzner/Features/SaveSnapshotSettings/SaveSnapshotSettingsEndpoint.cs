using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Panel.Modules.Hetzner.Features.SaveSnapshotSettings;

internal static class SaveSnapshotSettingsEndpoint
{
    public static void Map(IEndpointRouteBuilder group) =>
        group.MapPut("/settings/schedule", async (SaveSnapshotSettingsCommand command, IMediator mediator, CancellationToken cancellationToken) =>
                TypedResults.Ok(await mediator.Send(command, cancellationToken)))
            .WithName("SaveSnapshotSettings")
            .WithSummary("Switches automatic snapshots on or off and sets frequency, retention and the newest kept.")
            .ProducesValidationProblem();
}
