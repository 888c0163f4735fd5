using System.Text.Json;
using System.Text.RegularExpressions;
using Hetzner.Simulator.State;

namespace Hetzner.Simulator.Api;

/// <summary>
/// Making servers from an image and rebuilding them (POST /servers, POST /servers/{id}/actions/rebuild), and the
/// server types and locations those choose from.
/// </summary>
internal static partial class ServerCreateEndpoints
{
    /// <summary>Every key hcloud-go 1.35 and 2.x may send; <c>datacenter</c> is gone since the API dropped it on 2026-07-01.</summary>
    private static readonly string[] CreateFields =
    [
        "name", "server_type", "image", "location", "ssh_keys", "user_data", "start_after_create", "labels", "automount",
        "volumes", "networks", "firewalls", "placement_group", "public_net",
    ];

    private static readonly string[] RebuildFields = ["image", "user_data"];

    /// <summary>Resources the simulated project has none of: any id given for them cannot be found.</summary>
    private static readonly string[] AbsentResourceFields = ["ssh_keys", "volumes", "networks", "firewalls"];

    private const string Required = "Missing data for required field.";

    private static readonly Dictionary<string, Func<CatalogServerType, IComparable?>> TypeSortFields = new(StringComparer.Ordinal)
    {
        ["id"] = t => t.Id,
        ["name"] = t => t.Name,
    };

    private static readonly Dictionary<string, Func<CatalogLocation, IComparable?>> LocationSortFields = new(StringComparer.Ordinal)
    {
        ["id"] = l => l.Id,
        ["name"] = l => l.Name,
    };

    public static void MapServerCreation(this RouteGroupBuilder v1)
    {
        v1.MapPost("/servers", CreateAsync);
        v1.MapPost("/servers/{id:long}/actions/rebuild", RebuildAsync);
        v1.MapGet("/server_types", (HttpRequest request) => List(request, ServerCatalog.ServerTypes, t => t.Name, t => t.Id, TypeSortFields, "server_types", ServerTypeDto.From));
        v1.MapGet("/server_types/{id:long}", (long id) => ApiJson.Answer(new
        {
            server_type = ServerTypeDto.From(ServerCatalog.ServerTypes.FirstOrDefault(t => t.Id == id) ?? throw ApiException.NotFound("server type")),
        }));
        v1.MapGet("/locations", (HttpRequest request) => List(request, ServerCatalog.Locations, l => l.Name, l => l.Id, LocationSortFields, "locations", LocationDto.From));
        v1.MapGet("/locations/{id:long}", (long id) => ApiJson.Answer(new
        {
            location = LocationDto.From(ServerCatalog.Locations.FirstOrDefault(l => l.Id == id) ?? throw ApiException.NotFound("location")),
        }));
    }

    /// <summary>RFC 1123 host names, as the API requires for server names: dot-separated labels of letters, digits
    /// and inner dashes, each at most 63 characters.</summary>
    public static bool IsHostname(string name) => name.Length <= 253 && HostnamePattern().IsMatch(name);

    private static async Task<IResult> CreateAsync(HttpRequest request, SimulatorState state)
    {
        var body = await RequestBody.ReadAsync(request, CreateFields).ConfigureAwait(false);
        var name = body.String("name") ?? throw ApiException.InvalidInput("name", Required);
        if (!IsHostname(name))
        {
            throw ApiException.InvalidInput("name", "Name must be a valid hostname.");
        }

        var serverType = body.IdOrName("server_type") ?? throw ApiException.InvalidInput("server_type", Required);
        var image = body.IdOrName("image") ?? throw ApiException.InvalidInput("image", Required);
        var location = body.IdOrName("location");
        _ = body.String("user_data");
        _ = body.Bool("automount");
        foreach (var field in AbsentResourceFields)
        {
            if (body.Raw(field) is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() > 0)
            {
                throw ApiException.InvalidInput(field, "not found");
            }
        }

        if (body.Raw("placement_group") is not null)
        {
            throw ApiException.InvalidInput("placement_group", "not found");
        }

        CheckPublicNet(body.Raw("public_net"));
        var order = new ServerOrder(
            name, serverType, image, location, body.Bool("start_after_create") ?? true, body.Labels() ?? new(StringComparer.Ordinal));
        var created = state.Project.CreateServer(order, () => state.Faults.Take(request.Method, request.Path, actionFault: true) is not null);
        return ApiJson.Answer(
            new
            {
                server = ServerDto.From(created.Server, state.Project),
                action = ActionDto.From(created.Action),
                next_actions = created.NextActions.Select(ActionDto.From),
                root_password = created.RootPassword,
            },
            StatusCodes.Status201Created);
    }

    private static async Task<IResult> RebuildAsync(long id, HttpRequest request, SimulatorState state)
    {
        var body = await RequestBody.ReadAsync(request, RebuildFields).ConfigureAwait(false);
        var image = body.IdOrName("image") ?? throw ApiException.InvalidInput("image", Required);
        _ = body.String("user_data");
        var rebuilt = state.Project.Rebuild(id, image);
        return ApiJson.Answer(new { action = ActionDto.From(rebuilt.Action), root_password = rebuilt.RootPassword }, StatusCodes.Status201Created);
    }

    private static void CheckPublicNet(JsonElement? publicNet)
    {
        if (publicNet is not { } net)
        {
            return;
        }

        if (net.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.InvalidInput("public_net", "must be an object");
        }

        foreach (var property in net.EnumerateObject())
        {
            switch (property.Name)
            {
                case "enable_ipv4" or "enable_ipv6" when property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                case "ipv4" or "ipv6" when property.Value.ValueKind == JsonValueKind.Null:
                    break;
                case "ipv4" or "ipv6":
                    throw ApiException.InvalidInput("public_net", $"primary IP {property.Value} not found");
                default:
                    throw ApiException.InvalidInput("public_net", $"'{property.Name}' is not an allowed field or has the wrong type");
            }
        }
    }

    private static IResult List<T>(
        HttpRequest request,
        IReadOnlyList<T> all,
        Func<T, string> nameOf,
        Func<T, long> idOf,
        Dictionary<string, Func<T, IComparable?>> sortFields,
        string collection,
        Func<T, object> toDto)
    {
        var query = new QueryReader(request.Query);
        var name = query.Single("name");
        var sorted = Sorting.Apply(all.Where(item => name is null || nameOf(item) == name), query.Many("sort"), sortFields, idOf);
        var (page, meta) = Paging.Apply(sorted, query);
        return ApiJson.Answer(new Dictionary<string, object> { [collection] = page.Select(toDto), ["meta"] = meta });
    }

    [GeneratedRegex("^(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*$")]
    private static partial Regex HostnamePattern();
}
