extern alias simulator;

using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SeedImage = simulator::Hetzner.Simulator.SeedImage;
using SimulatorDefaults = simulator::Hetzner.Simulator.SimulatorDefaults;
using SimulatorHost = simulator::Hetzner.Simulator.SimulatorHost;

namespace PanelHost.Tests;

/// <summary>The real host killed with SIGKILL in the middle of the prune that follows an automatic snapshot, then
/// started again on the same data folder.</summary>
public sealed class PruneCrashTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_prune_killed_mid_way_is_finished_after_the_restart_and_every_deletion_has_its_event()
    {
        await using var hetzner = await SimulatorHost.StartAsync();
        hetzner.State.ActionDuration = TimeSpan.FromMilliseconds(200);
        var now = DateTimeOffset.UtcNow;
        // Pruning deletes the newest expired first: the young ones go first, and after the restart a longer retention
        // keeps those that are left. The old ones are expired either way.
        var young = Enumerable.Range(0, 20).Select(i => Seed(hetzner, $"auto-young-{i}", now.AddDays(-8 - i))).ToList();
        var old = Enumerable.Range(0, 20).Select(i => Seed(hetzner, $"auto-old-{i}", now.AddDays(-31 - i))).ToList();
        using var folder = new TempDataFolder("panel-prune-crash-");
        var environment = PanelProcess.HetznerSettings(hetzner.ApiBaseUrl, hetzner.MetadataBaseUrl);

        int deletesBeforeKill;
        HashSet<long> goneAtKill;
        using (var first = PanelProcess.Start(folder.Path, bootstrap: true, environment))
        {
            await first.WaitUntilHealthyAsync();
            await first.SaveHetznerTokenAsync(SimulatorDefaults.ReadWriteToken);
            using var api = first.ApiClient();

            hetzner.State.Latency = TimeSpan.FromMilliseconds(250);
            using (var schedule = await api.PutAsJsonAsync("api/modules/hetzner/settings/schedule",
                new { enabled = true, frequencyHours = 24, retentionDays = 7, keepNewest = 1 }))
            {
                Assert.True(schedule.IsSuccessStatusCode, await schedule.Content.ReadAsStringAsync());
            }

            await WaitUntilAsync(() => AnsweredDeletes(hetzner) >= 5, first);
            first.Process.Kill();
            await first.Process.WaitForExitAsync();
            deletesBeforeKill = AnsweredDeletes(hetzner);
            goneAtKill = Gone(hetzner, young.Concat(old));
        }

        Assert.InRange(deletesBeforeKill, 5, 39);
        hetzner.State.Latency = TimeSpan.Zero;
        // The admin lengthens the retention while the panel is down: what is left must be decided under the new rule.
        SqliteConnection.ClearAllPools();
        await using (var db = new SqliteConnection($"Data Source={Path.Combine(folder.Path, "modules", "hetzner", "hetzner.db")};Pooling=False"))
        {
            await db.OpenAsync();
            await using var update = db.CreateCommand();
            update.CommandText = "UPDATE Settings SET RetentionDays = 30";
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        using var second = PanelProcess.Start(folder.Path, bootstrap: true, environment);
        await second.WaitUntilHealthyAsync();
        using var client = second.ApiClient();
        JsonElement run = default;
        await WaitUntilAsync(async () =>
        {
            using var settings = JsonDocument.Parse(await client.GetStringAsync("api/modules/hetzner/settings"));
            run = settings.RootElement.GetProperty("lastAutomaticRun").Clone();
            return run.GetProperty("pruneStatus").GetString() == "Done";
        }, second);

        var gone = Gone(hetzner, young.Concat(old));
        Assert.Subset(gone, old.ToHashSet());
        // Of the young ones only those deleted before the kill are gone, plus at most the one whose delete was on its way.
        var youngGone = young.Where(gone.Contains).ToList();
        Assert.Subset(youngGone.ToHashSet(), goneAtKill.Where(young.Contains).ToHashSet());
        Assert.InRange(youngGone.Count, goneAtKill.Count(young.Contains), goneAtKill.Count(young.Contains) + 1);
        Assert.Equal(gone.Count, run.GetProperty("prunedCount").GetInt32());

        var events = await client.GetFromJsonAsync<JsonElement>("api/events?module=hetzner&take=1000");
        var deletionEvents = events.EnumerateArray()
            .Where(e => e.GetProperty("code").GetString() == "HETZNER_SNAPSHOT_PRUNE_DELETE")
            .Select(e => e.GetProperty("details").GetString()!)
            .ToList();
        // At least once: a kill between the event and the journal's note of it repeats the event after the restart.
        Assert.All(gone, id => Assert.Contains(deletionEvents, d => d.Contains(Marker(id), StringComparison.Ordinal)));
        Assert.All(deletionEvents, d => Assert.Contains(gone, id => d.Contains(Marker(id), StringComparison.Ordinal)));
    }

    private static string Marker(long id) => $"({id.ToString(CultureInfo.InvariantCulture)})";

    private static long Seed(SimulatorHost hetzner, string description, DateTimeOffset created) =>
        hetzner.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, description, created, new Dictionary<string, string>
        {
            ["managed-by"] = "panelhost",
            ["panelhost.io/schedule"] = "auto",
            ["panelhost.io/server"] = SimulatorDefaults.DemoServerId.ToString(CultureInfo.InvariantCulture),
        }));

    private static int AnsweredDeletes(SimulatorHost hetzner) =>
        hetzner.State.Requests.Count(r => r.Method == "DELETE" && r.Status == 204);

    private static HashSet<long> Gone(SimulatorHost hetzner, IEnumerable<long> seeded)
    {
        var present = hetzner.State.Images.Select(i => i.Id).ToHashSet();
        return seeded.Where(id => !present.Contains(id)).ToHashSet();
    }

    private static Task WaitUntilAsync(Func<bool> condition, PanelProcess panel) =>
        WaitUntilAsync(() => Task.FromResult(condition()), panel);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, PanelProcess panel)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out. Panel output:\n" + panel.Output);
            Assert.False(panel.Process.HasExited, "The panel exited. Its output:\n" + panel.Output);
            await Task.Delay(20);
        }
    }
}
