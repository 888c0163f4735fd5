using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Panel.Modules.Hetzner.Integration;

// Usage: ApiRequests.ClientRunner <api-base-url> <token> create <server-id> | list
// Uses the module's registration and its production defaults (only the base URL differs), so the requests the
// simulator counts are the ones the panel would make.
if (args is not [var apiBaseUrl, var token, var job, ..])
{
    await Console.Error.WriteLineAsync("usage: ApiRequests.ClientRunner <api-base-url> <token> create <server-id> | list");
    return 2;
}

var section = new ConfigurationBuilder()
    .AddInMemoryCollection(new Dictionary<string, string?> { ["ApiBaseUrl"] = apiBaseUrl })
    .Build();
await using var services = new ServiceCollection().AddHetznerApi(section).BuildServiceProvider();
var api = services.GetRequiredService<IHetznerApi>();

switch (job)
{
    case "create" when args.Length > 3 && long.TryParse(args[3], out var serverId):
        var created = await api.CreateSnapshotAsync(token, serverId, "benchmark", new Dictionary<string, string>(), CancellationToken.None);
        if (created.Value is not { Action: { } action } snapshot)
        {
            return Fail(created.Error);
        }

        var done = await api.WaitForActionAsync(token, action.Id, null, CancellationToken.None);
        if (!done.IsSuccess)
        {
            return Fail(done.Error);
        }

        Console.WriteLine($"snapshot {snapshot.Image.Id} available");
        return 0;
    case "list":
        var listed = await api.ListSnapshotsAsync(token, null, CancellationToken.None);
        if (listed.Value is not { } images)
        {
            return Fail(listed.Error);
        }

        Console.WriteLine($"{images.Count} snapshots");
        return 0;
    default:
        await Console.Error.WriteLineAsync($"unknown job '{job}'");
        return 2;
}

static int Fail(HetznerError? error)
{
    Console.Error.WriteLine(error is null ? "failed" : $"{error.Code} ({error.HttpStatus}): {HetznerErrorText.Describe(error)}");
    return 1;
}
