using Hetzner.Simulator.State;

namespace Hetzner.Simulator.Api;

/// <summary>The global action endpoints and their server- and image-scoped twins.</summary>
internal static class ActionEndpoints
{
    private static readonly Dictionary<string, Func<ActionInfo, IComparable?>> SortFields = new(StringComparer.Ordinal)
    {
        ["id"] = a => a.Id,
        ["command"] = a => a.Command,
        ["status"] = a => a.Status,
        ["started"] = a => a.Started,
        ["finished"] = a => a.Finished,
    };

    public static void MapActions(this RouteGroupBuilder v1)
    {
        v1.MapGet("/actions", (HttpRequest request, SimulatorState state) =>
        {
            var query = new QueryReader(request.Query);
            return query.Many("id").Count == 0
                ? throw ApiException.InvalidInput("id", "at least one action id is required")
                : List(query, state, _ => true);
        });
        v1.MapGet("/actions/{id:long}", (long id, SimulatorState state) => One(state, id, _ => true));

        foreach (var type in new[] { "server", "image" })
        {
            var plural = type + "s";
            v1.MapGet($"/{plural}/actions", (HttpRequest request, SimulatorState state) =>
                List(new QueryReader(request.Query), state, a => Touches(a, type, null)));
            v1.MapGet($"/{plural}/actions/{{id:long}}", (long id, SimulatorState state) =>
                One(state, id, a => Touches(a, type, null)));
            v1.MapGet($"/{plural}/{{id:long}}/actions", (long id, HttpRequest request, SimulatorState state) =>
                List(new QueryReader(request.Query), state, a => Touches(a, type, id)));
            v1.MapGet($"/{plural}/{{id:long}}/actions/{{actionId:long}}", (long id, long actionId, SimulatorState state) =>
                One(state, actionId, a => Touches(a, type, id)));
        }
    }

    private static bool Touches(ActionInfo action, string type, long? id) =>
        action.Resources.Any(r => r.Type == type && (id is null || r.Id == id));

    private static IResult One(SimulatorState state, long id, Func<ActionInfo, bool> scope)
    {
        var action = state.Project.FindAction(id);
        return action is not null && scope(action)
            ? ApiJson.Answer(new { action = ActionDto.From(action) })
            : throw ApiException.NotFound("action");
    }

    private static IResult List(QueryReader query, SimulatorState state, Func<ActionInfo, bool> scope)
    {
        var ids = query.Longs("id");
        var statuses = query.Many("status");
        var matching = state.Project.Actions()
            .Where(a => scope(a) && Filters.Allows(ids, a.Id) && Filters.Allows(statuses, a.Status));
        var sorted = Sorting.Apply(matching, query.Many("sort"), SortFields, a => a.Id);
        var (page, meta) = Paging.Apply(sorted, query);
        return ApiJson.Answer(new { actions = page.Select(ActionDto.From), meta });
    }
}
