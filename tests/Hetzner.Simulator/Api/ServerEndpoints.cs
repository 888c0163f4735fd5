using Hetzner.Simulator.State;

namespace Hetzner.Simulator.Api;

internal static class ServerEndpoints
{
    private static readonly string[] CreateImageFields = ["type", "description", "labels"];

    private static readonly Dictionary<string, Func<ServerInfo, IComparable?>> SortFields = new(StringComparer.Ordinal)
    {
        ["id"] = s => s.Id,
        ["name"] = s => s.Name,
        ["created"] = s => s.Created,
    };

    public static void MapServers(this RouteGroupBuilder v1)
    {
        v1.MapGet("/servers", List);
        v1.MapGet("/servers/{id:long}", (long id, SimulatorState state) =>
            ApiJson.Answer(new { server = ServerDto.From(state.Project.FindServer(id) ?? throw ApiException.NotFound("server"), state.Project) }));
        v1.MapPost("/servers/{id:long}/actions/create_image", CreateImageAsync);
    }

    private static IResult List(HttpRequest request, SimulatorState state)
    {
        var query = new QueryReader(request.Query);
        var name = query.Single("name");
        var statuses = query.Many("status");
        var selector = Filters.Selector(query);
        var matching = state.Project.Servers()
            .Where(s => (name is null || s.Name == name) && Filters.Allows(statuses, s.Status) && selector.Matches(s.Labels));
        var sorted = Sorting.Apply(matching, query.Many("sort"), SortFields, s => s.Id);
        var (page, meta) = Paging.Apply(sorted, query);
        return ApiJson.Answer(new { servers = page.Select(s => ServerDto.From(s, state.Project)), meta });
    }

    private static async Task<IResult> CreateImageAsync(long id, HttpRequest request, SimulatorState state)
    {
        var body = await RequestBody.ReadAsync(request, CreateImageFields).ConfigureAwait(false);
        var type = body.String("type") ?? "snapshot";
        if (type is not ("snapshot" or "backup"))
        {
            throw ApiException.InvalidInput("type", "must be snapshot or backup");
        }

        var description = body.String("description");
        var labels = body.Labels() ?? new Dictionary<string, string>(StringComparer.Ordinal);
        var (action, image) = state.Project.CreateImage(
            id, type, description, labels, () => state.Faults.Take(request.Method, request.Path, actionFault: true) is not null);
        return ApiJson.Answer(new { action = ActionDto.From(action), image = ImageDto.From(image) }, StatusCodes.Status201Created);
    }
}
