using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ApiRequests.ClientRunner;
using Panel.Modules.Hetzner.Integration;

// Usage: ApiRequests.ClientRunner <api-base-url> <token> create <server-id> | list | automatic-run | idle <hours>
// Uses the module's registration and its production defaults (only the base URL differs), so the requests the
// simulator counts are the ones the panel would make.
//   automatic-run: a connected panel (first refresh done) with the schedule on makes its due automatic snapshot and
//                  prunes; prints "<API requests> <list passes>".
//   idle <hours>:  a connected panel nobody looks at, schedule off, on a simulated clock; prints the API requests of
//                  each simulated hour, then "<highest> <mean>".
if (args is not [var apiBaseUrl, var token, var job, ..])
{
    await Console.Error.WriteLineAsync("usage: ApiRequests.ClientRunner <api-base-url> <token> create <server-id> | list | automatic-run | idle <hours>");
    return 2;
}

switch (job)
{
    case "automatic-run":
    {
        await using var module = await ModuleRunner.StartAsync(apiBaseUrl, TimeProvider.System);
        await module.ConnectAsync(token);
        await module.EnableScheduleAsync();
        await module.ResetCountAsync();
        await module.PassAsync();
        var (requests, passes) = await module.CountAsync();
        Console.WriteLine($"{requests} {passes}");
        return 0;
    }

    case "idle" when args.Length > 3 && int.TryParse(args[3], out var hours) && hours > 0:
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var module = await ModuleRunner.StartAsync(apiBaseUrl, clock);
        await module.ConnectAsync(token);
        var perHour = new List<int>();
        for (var hour = 0; hour < hours; hour++)
        {
            await module.ResetCountAsync();
            var end = clock.GetUtcNow().AddHours(1);
            // What the worker does: a pass, then sleep until the wake-up it returned (at least a second).
            while (true)
            {
                var wake = await module.PassAsync();
                var next = wake.At is { } at && at > clock.GetUtcNow() ? at : clock.GetUtcNow().AddSeconds(1);
                if (wake.At is null || next >= end)
                {
                    clock.SetUtcNow(end);
                    break;
                }

                clock.SetUtcNow(next);
            }

            perHour.Add((await module.CountAsync()).Requests);
            await Console.Error.WriteLineAsync($"simulated hour {hour + 1}: {perHour[^1]} requests");
        }

        Console.WriteLine($"{perHour.Max()} {perHour.Average():0.#}");
        return 0;
    }
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
