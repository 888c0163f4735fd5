extern alias simulator;

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SeedImage = simulator::Hetzner.Simulator.SeedImage;
using SimulatorDefaults = simulator::Hetzner.Simulator.SimulatorDefaults;
using SimulatorHost = simulator::Hetzner.Simulator.SimulatorHost;

namespace PanelHost.Tests;

/// <summary>The real host killed with SIGKILL while a rebuild of its server waits for its fresh snapshot, then started
/// again on the same data folder (issue 13, ADR-0033).</summary>
public sealed class RestoreCrashTests
{
    [Fact]
    public async Task A_rebuild_waiting_for_its_fresh_snapshot_is_never_sent_after_a_kill_and_says_nothing_was_sent()
    {
        await using var hetzner = await SimulatorHost.StartAsync();
        // Long enough that the kill lands while the fresh snapshot is still being made.
        hetzner.State.ActionDuration = TimeSpan.FromSeconds(8);
        var snapshot = hetzner.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "before-upgrade"));
        using var folder = new TempDataFolder("panel-restore-crash-");
        var environment = PanelProcess.HetznerSettings(hetzner.ApiBaseUrl, hetzner.MetadataBaseUrl);

        long operationId;
        long freshRunId;
        using (var first = PanelProcess.Start(folder.Path, bootstrap: true, environment))
        {
            await first.WaitUntilHealthyAsync();
            await first.SaveHetznerTokenAsync(SimulatorDefaults.ReadWriteToken);
            using var api = first.ApiClient();

            using (var refresh = await api.PostAsync(new Uri("api/modules/hetzner/snapshots/refresh", UriKind.Relative), null))
            {
                Assert.True(refresh.IsSuccessStatusCode, await refresh.Content.ReadAsStringAsync());
            }

            using var rebuild = await api.PostAsJsonAsync($"api/modules/hetzner/snapshots/{snapshot}/rebuild", new { confirmName = SimulatorDefaults.DemoServerName, takeFreshSnapshot = true });
            Assert.True(rebuild.StatusCode == HttpStatusCode.Accepted, await rebuild.Content.ReadAsStringAsync());
            var started = await rebuild.Content.ReadFromJsonAsync<JsonElement>();
            operationId = started.GetProperty("id").GetInt64();
            Assert.Equal("Pending", started.GetProperty("status").GetString());
            freshRunId = started.GetProperty("freshSnapshotOperationId").GetInt64();

            await first.WaitForAsync(() => Task.FromResult(hetzner.State.Requests.Any(IsFreshSnapshot)), sent => sent);
            first.Process.Kill();
            await first.Process.WaitForExitAsync();
        }

        Assert.DoesNotContain(hetzner.State.Requests, IsRebuild);

        using var second = PanelProcess.Start(folder.Path, bootstrap: true, environment);
        await second.WaitUntilHealthyAsync();
        using var client = second.ApiClient();
        var operation = await second.WaitForAsync(
            () => client.GetFromJsonAsync<JsonElement>($"api/modules/hetzner/restore/operations/{operationId}"),
            o => o.GetProperty("finished").GetBoolean());
        Assert.Equal("Interrupted", operation.GetProperty("status").GetString());
        Assert.Contains("Nothing was sent to Hetzner; server demo-server (42) is unchanged.", operation.GetProperty("error").GetString(), StringComparison.Ordinal);

        // The fresh snapshot itself is finished after the restart (the run is resumed); even then no rebuild goes out.
        var fresh = await second.WaitForAsync(
            () => client.GetFromJsonAsync<JsonElement>($"api/modules/hetzner/operations/{freshRunId}"),
            r => r.GetProperty("finished").GetBoolean());
        Assert.Equal("Succeeded", fresh.GetProperty("status").GetString());
        Assert.DoesNotContain(hetzner.State.Requests, IsRebuild);

        var events = await client.GetFromJsonAsync<JsonElement>("api/events?module=hetzner&take=1000");
        var interrupted = events.EnumerateArray().Where(e => e.GetProperty("code").GetString() == "HETZNER_SERVER_REBUILD_INTERRUPTED").ToList();
        Assert.Contains("nothing was sent, the server is unchanged", Assert.Single(interrupted).GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.Equal("Warning", interrupted[0].GetProperty("level").GetString());
        Assert.DoesNotContain(events.EnumerateArray(), e => e.GetProperty("code").GetString() is "HETZNER_SERVER_REBUILD_SEND" or "HETZNER_SERVER_REBUILD");

        // The page says so, with a way to start again.
        using var browser = second.SessionClient();
        using (var login = await LoginHelper.PostLoginAsync(browser, PanelFactory.AdminUser, PanelFactory.AdminPassword))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }

        var page = await browser.GetStringAsync(new Uri($"m/hetzner/restore?operation={operationId.ToString(CultureInfo.InvariantCulture)}", UriKind.Relative));
        Assert.Contains("data-testid=\"result-interrupted\"", page, StringComparison.Ordinal);
        Assert.Contains("Nothing was sent to Hetzner", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/m/hetzner/restore?snapshot={snapshot.ToString(CultureInfo.InvariantCulture)}&amp;mode=rebuild\"", page, StringComparison.Ordinal);
    }

    private static bool IsFreshSnapshot(simulator::Hetzner.Simulator.LoggedRequest request) =>
        request.Method == "POST" && request.PathAndQuery.EndsWith("/actions/create_image", StringComparison.Ordinal);

    private static bool IsRebuild(simulator::Hetzner.Simulator.LoggedRequest request) =>
        request.Method == "POST" && request.PathAndQuery.EndsWith("/actions/rebuild", StringComparison.Ordinal);
}
