namespace Hetzner.Simulator.Api;

/// <summary><c>enable_backup</c> and <c>disable_backup</c> (hcloud-openapi.json): no request body (hcloud-go sends
/// <c>{}</c>), 201 with the action.</summary>
internal static class ServerBackupEndpoints
{
    public static void MapServerBackups(this RouteGroupBuilder v1)
    {
        v1.MapPost("/servers/{id:long}/actions/enable_backup", (long id, HttpRequest request, SimulatorState state) =>
            ChangeAsync(id, enable: true, request, state));
        v1.MapPost("/servers/{id:long}/actions/disable_backup", (long id, HttpRequest request, SimulatorState state) =>
            ChangeAsync(id, enable: false, request, state));
    }

    private static async Task<IResult> ChangeAsync(long id, bool enable, HttpRequest request, SimulatorState state)
    {
        await RequestBody.ReadAsync(request, []).ConfigureAwait(false);
        var action = state.Project.ChangeBackups(
            id, enable, () => state.Faults.Take(request.Method, request.Path, actionFault: true) is not null);
        return ApiJson.Answer(new { action = ActionDto.From(action) }, StatusCodes.Status201Created);
    }
}
