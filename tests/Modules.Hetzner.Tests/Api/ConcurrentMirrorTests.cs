using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hetzner.Simulator;
using Modules.Hetzner.Tests.Support;

namespace Modules.Hetzner.Tests.Api;

/// <summary>Every writer of the snapshot mirror (prune, refresh, token save, delete, create) running at once over
/// real HTTP against a slow Hetzner: each answers what it did, and the mirror ends equal to Hetzner's list.</summary>
public sealed class ConcurrentMirrorTests
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(150);

    [Fact]
    public async Task Refreshes_and_a_token_save_during_a_prune_leave_every_answer_right_and_the_mirror_consistent()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        var now = DateTimeOffset.UtcNow;
        var expired = Enumerable.Range(0, 30)
            .Select(i => simulator.State.AddImage(new SeedImage(42, $"auto-expired-{i}", now.AddDays(-10 - i), Auto.Labels("42"))))
            .ToList();
        // Older manual snapshots after the expired ones: the list takes two pages, and deletes shift the second.
        var kept = Enumerable.Range(0, 30)
            .Select(i => simulator.State.AddImage(new SeedImage(42, $"manual-old-{i}", now.AddDays(-50 - i))))
            .Append(simulator.State.AddImage(new SeedImage(42, "auto-recent", now.AddDays(-1), Auto.Labels("42"))))
            .ToList();
        await SaveTokenAsync(client);
        simulator.State.Latency = Latency;

        var prune = client.PostAsync(new Uri("api/modules/hetzner/prune", UriKind.Relative), null);
        var others = new List<Task<HttpResponseMessage>>();
        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(Latency * 2);
            others.Add(client.PostAsync(new Uri("api/modules/hetzner/snapshots/refresh", UriKind.Relative), null));
        }

        others.Add(client.PutAsJsonAsync("api/modules/hetzner/settings/token", new { token = SimulatorDefaults.ReadWriteToken }));

        using var pruned = await prune;
        var pruneBody = await pruned.Content.ReadAsStringAsync();
        Assert.True(pruned.StatusCode == HttpStatusCode.OK, pruneBody);
        using var report = JsonDocument.Parse(pruneBody);
        Assert.Equal(expired.Order(), report.RootElement.GetProperty("delete").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).Order());
        Assert.Empty(report.RootElement.GetProperty("failed").EnumerateArray());
        foreach (var other in others)
        {
            using var answer = await other;
            Assert.True(answer.StatusCode == HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        }

        Assert.Equal(kept.Order(), simulator.State.Images.Select(i => i.Id).Order());
        Assert.Equal(kept.Order(), await MirrorIdsAsync(client));
    }

    [Fact]
    public async Task A_manual_delete_and_a_create_during_a_prune_and_refreshes_leave_the_mirror_equal_to_Hetzner()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator, runWorker: true);
        using var client = panel.CreateClient();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 30; i++)
        {
            simulator.State.AddImage(new SeedImage(42, $"auto-expired-{i}", now.AddDays(-10 - i), Auto.Labels("42")));
            simulator.State.AddImage(new SeedImage(42, $"manual-old-{i}", now.AddDays(-50 - i)));
        }

        simulator.State.AddImage(new SeedImage(42, "auto-recent", now.AddDays(-1), Auto.Labels("42")));
        var manual = simulator.State.AddImage(new SeedImage(42, "manual-to-delete", now.AddDays(-2)));
        simulator.State.ActionDuration = TimeSpan.FromMilliseconds(300);
        await SaveTokenAsync(client);
        using (var first = await client.PostAsync(new Uri("api/modules/hetzner/snapshots/refresh", UriKind.Relative), null))
        {
            first.EnsureSuccessStatusCode();
        }

        simulator.State.Latency = Latency;
        var prune = client.PostAsync(new Uri("api/modules/hetzner/prune", UriKind.Relative), null);
        await Task.Delay(Latency * 2);
        var refresh = client.PostAsync(new Uri("api/modules/hetzner/snapshots/refresh", UriKind.Relative), null);
        var delete = client.DeleteAsync(new Uri($"api/modules/hetzner/snapshots/{manual}", UriKind.Relative));
        using var created = await client.PostAsJsonAsync("api/modules/hetzner/snapshots", new { description = "made-during-prune" });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var operationUri = new Uri(created.RequestMessage!.RequestUri!, created.Headers.Location!);

        foreach (var task in new[] { prune, refresh, delete })
        {
            using var answer = await task;
            Assert.True(answer.IsSuccessStatusCode, $"{answer.RequestMessage!.RequestUri}: {await answer.Content.ReadAsStringAsync()}");
        }

        using var waitForRun = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var operation = JsonDocument.Parse(await client.GetStringAsync(operationUri, waitForRun.Token));
            if (operation.RootElement.GetProperty("status").GetString() is "Succeeded" or "Failed")
            {
                Assert.Equal("Succeeded", operation.RootElement.GetProperty("status").GetString());
                break;
            }

            await Task.Delay(100, waitForRun.Token);
        }

        var atHetzner = simulator.State.Images.Where(i => i.CreatedFromServerId == 42).Select(i => i.Id).Order().ToList();
        Assert.Equal(32, atHetzner.Count);
        Assert.Equal(atHetzner, await MirrorIdsAsync(client));
    }

    private static async Task<IEnumerable<long>> MirrorIdsAsync(HttpClient client)
    {
        using var list = JsonDocument.Parse(await client.GetStringAsync("api/modules/hetzner/snapshots"));
        return list.RootElement.GetProperty("snapshots").EnumerateArray().Select(s => s.GetProperty("id").GetInt64()).Order().ToList();
    }

    private static async Task SaveTokenAsync(HttpClient client)
    {
        using var response = await client.PutAsJsonAsync("api/modules/hetzner/settings/token", new { token = SimulatorDefaults.ReadWriteToken });
        response.EnsureSuccessStatusCode();
    }
}
