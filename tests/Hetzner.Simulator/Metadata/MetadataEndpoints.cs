using System.Text;
using Hetzner.Simulator.Hosting;
using Hetzner.Simulator.State;

namespace Hetzner.Simulator.Metadata;

/// <summary>The in-server metadata service, answering as <see cref="SimulatorState.MetadataServerId"/> (the demo server
/// unless a test moved the panel) in the real service's shape (hetzner-api.md section 8).</summary>
internal static class MetadataEndpoints
{
    public const string BasePath = "/hetzner/v1/metadata";
    private const string AvailabilityZone = "fsn1-dc14";
    private const string Region = "eu-central";

    public static void MapMetadata(this IEndpointRouteBuilder app)
    {
        app.MapGet(BasePath, (HttpContext context, SimulatorState state) => WithServer(context, state, s => string.Join('\n',
            $"availability-zone: {AvailabilityZone}",
            $"hostname: {s.Name}",
            $"instance-id: {s.Id}",
            $"public-ipv4: {s.Ipv4}",
            $"region: {Region}",
            string.Empty)));
        app.MapGet(BasePath + "/{key}", (string key, HttpContext context, SimulatorState state) => WithServer(context, state, s => key switch
        {
            "instance-id" => s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "hostname" => s.Name,
            "public-ipv4" => s.Ipv4,
            "availability-zone" => AvailabilityZone,
            "region" => Region,
            "private-networks" => "[]\n",
            _ => null,
        }));
    }

    private static IResult WithServer(HttpContext context, SimulatorState state, Func<ServerInfo, string?> render)
    {
        if (!state.MetadataReachable)
        {
            context.AbortLogged();
            return Results.Empty;
        }

        var text = state.Project.FindServer(state.MetadataServerId) is { } server ? render(server) : null;
        return text is null
            ? Results.Text("not found\n", "text/plain", Encoding.UTF8, StatusCodes.Status404NotFound)
            : Results.Text(text, "text/plain", Encoding.UTF8);
    }
}
