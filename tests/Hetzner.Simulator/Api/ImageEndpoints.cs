using Hetzner.Simulator.State;

namespace Hetzner.Simulator.Api;

internal static class ImageEndpoints
{
    private static readonly string[] UpdateFields = ["description", "labels", "type"];
    private static readonly string[] ProtectionFields = ["delete"];

    private static readonly Dictionary<string, Func<ImageInfo, IComparable?>> SortFields = new(StringComparer.Ordinal)
    {
        ["id"] = i => i.Id,
        ["name"] = i => i.Name,
        ["created"] = i => i.Created,
    };

    public static void MapImages(this RouteGroupBuilder v1)
    {
        v1.MapGet("/images", List);
        v1.MapGet("/images/{id:long}", (long id, SimulatorState state) => ApiJson.Answer(new { image = ImageDto.From(Find(state, id)) }));
        v1.MapPut("/images/{id:long}", UpdateAsync);
        v1.MapDelete("/images/{id:long}", (long id, SimulatorState state) =>
        {
            state.Project.DeleteImage(id);
            return Results.NoContent();
        });
        v1.MapPost("/images/{id:long}/actions/change_protection", ChangeProtectionAsync);
    }

    private static ImageInfo Find(SimulatorState state, long id) => state.Project.FindImage(id) ?? throw ApiException.NotFound("image");

    private static IResult List(HttpRequest request, SimulatorState state)
    {
        var query = new QueryReader(request.Query);
        var types = query.Many("type");
        var statuses = query.Many("status");
        var boundTo = query.Longs("bound_to");
        var name = query.Single("name");
        var architecture = query.Single("architecture");
        var selector = Filters.Selector(query);

        // No simulated image is ever deprecated; the flag is still parsed so a malformed value is refused like the API does.
        _ = query.Bool("include_deprecated");
        var matching = state.Project.Images().Where(i =>
            Filters.Allows(types, i.Type)
            && Filters.Allows(statuses, i.Status)
            && (boundTo.Count == 0 || (i.BoundTo is { } b && boundTo.Contains(b)))
            && (name is null || i.Name == name)
            && (architecture is null || architecture == "x86")
            && selector.Matches(i.Labels));
        var sorted = Sorting.Apply(matching, query.Many("sort"), SortFields, i => i.Id);
        var (page, meta) = Paging.Apply(sorted, query);
        return ApiJson.Answer(new { images = page.Select(ImageDto.From), meta });
    }

    private static async Task<IResult> UpdateAsync(long id, HttpRequest request, SimulatorState state)
    {
        var body = await RequestBody.ReadAsync(request, UpdateFields).ConfigureAwait(false);
        var type = body.String("type");
        if (type is not (null or "snapshot"))
        {
            throw ApiException.InvalidInput("type", "can only be snapshot");
        }

        var image = state.Project.UpdateImage(id, body.String("description"), body.Labels(), type);
        return ApiJson.Answer(new { image = ImageDto.From(image) });
    }

    private static async Task<IResult> ChangeProtectionAsync(long id, HttpRequest request, SimulatorState state)
    {
        var body = await RequestBody.ReadAsync(request, ProtectionFields).ConfigureAwait(false);
        var action = state.Project.ChangeProtection(id, body.Bool("delete"));
        return ApiJson.Answer(new { action = ActionDto.From(action) }, StatusCodes.Status201Created);
    }
}
