extern alias simulator;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SeedImage = simulator::Hetzner.Simulator.SeedImage;
using SimulatorDefaults = simulator::Hetzner.Simulator.SimulatorDefaults;
using SimulatorHost = simulator::Hetzner.Simulator.SimulatorHost;

namespace PanelHost.Tests;

/// <summary>
/// A data folder copied to another server (a restored backup, a moved disk) and started there as a real panel process:
/// it must not make or delete the old server's snapshots, and it says so on both tabs until an admin switches it over.
/// </summary>
public sealed class ServerMovedProcessTests
{
    private const long OldServer = SimulatorDefaults.DemoServerId;
    private const long NewServer = SimulatorDefaults.DemoServerId + 1;

    [Fact]
    public async Task A_copied_data_folder_started_on_another_server_creates_and_deletes_nothing_until_switched()
    {
        await using var hetzner = await SimulatorHost.StartAsync();
        hetzner.State.ActionDuration = TimeSpan.FromMilliseconds(300);
        using var original = new TempDataFolder("panel-original-");
        using var copy = new TempDataFolder("panel-copy-");
        await InstallOnOldServerAsync(hetzner, original.Path);
        var expired = Enumerable.Range(1, 5)
            .Select(i => hetzner.State.AddImage(new SeedImage(OldServer, $"auto-old-{i}", DateTimeOffset.UtcNow.AddDays(-10 - i), AutomaticLabels())))
            .ToList();
        CopyFolder(original.Path, copy.Path);

        hetzner.State.MetadataServerId = NewServer;
        hetzner.State.ClearRequests();
        using var panel = PanelProcess.Start(copy.Path, environment: new Dictionary<string, string>
        {
            ["Modules__hetzner__ApiBaseUrl"] = hetzner.ApiBaseUrl,
            ["Modules__hetzner__MetadataBaseUrl"] = hetzner.MetadataBaseUrl,
        });
        await panel.PollHealthAsync(); // listening; requests for data wait until it is prepared
        using var api = panel.ApiClient();

        // Every start reads the server id: the move is found before anything is due.
        var check = await panel.WaitForAsync(() => GetJsonAsync(api, "api/modules/hetzner/server"), c => c.GetProperty("status").GetString() == "Moved");
        Assert.Equal((OldServer, NewServer), (check.GetProperty("savedServerId").GetInt64(), check.GetProperty("currentServerId").GetInt64()));

        // A manual snapshot and a prune are refused with both servers named.
        using (var create = await api.PostAsJsonAsync(new Uri("api/modules/hetzner/snapshots", UriKind.Relative), new { description = "manual" }))
        {
            await AssertConflictNamingBothAsync(create, "Nothing was created");
        }

        using (var prune = await api.PostAsync(new Uri("api/modules/hetzner/prune", UriKind.Relative), null))
        {
            await AssertConflictNamingBothAsync(prune, "Nothing was pruned");
        }

        // Switching the schedule on with no automatic run yet makes one due at once: the loop holds it back.
        using (var schedule = await api.PutAsJsonAsync(new Uri("api/modules/hetzner/settings/schedule", UriKind.Relative),
                   new { enabled = true, frequencyHours = 1, retentionDays = 1, keepNewest = 1 }))
        {
            Assert.True(schedule.IsSuccessStatusCode, await schedule.Content.ReadAsStringAsync());
        }

        await panel.WaitForAsync(() => Task.FromResult(panel.Output), log => log.Contains("is held back", StringComparison.Ordinal));

        Assert.DoesNotContain(hetzner.State.Requests, IsCreateOrDelete);
        Assert.All(expired, id => Assert.Contains(hetzner.State.Images, i => i.Id == id));
        var events = await GetJsonAsync(api, "api/events?module=hetzner");
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("code").GetString() == "HETZNER_SERVER_MOVED");
        var notifications = await GetJsonAsync(api, "api/notifications");
        Assert.Contains(notifications.EnumerateArray(), n =>
            n.GetProperty("severity").GetString() == "Critical" && n.GetProperty("message").GetString()!.Contains("server 43", StringComparison.Ordinal));

        // Both tabs carry the banner with both servers and the switch.
        using var browser = await LoggedInAsync(panel);
        foreach (var tab in new[] { "settings", "snapshots" })
        {
            var html = await browser.GetStringAsync(new Uri($"m/hetzner/{tab}", UriKind.Relative));
            Assert.Contains("data-testid=\"server-moved\"", html, StringComparison.Ordinal);
            Assert.Contains("demo-server", html, StringComparison.Ordinal);
            Assert.Contains("Switch to this server (id 43)", html, StringComparison.Ordinal);
        }

        // The switch re-checks the saved token against server 43; the held-back slot then runs there, and only there.
        using (var switched = await api.PostAsJsonAsync(new Uri("api/modules/hetzner/server/switch", UriKind.Relative), new { serverId = NewServer }))
        {
            Assert.True(switched.StatusCode == HttpStatusCode.OK, await switched.Content.ReadAsStringAsync());
        }

        await panel.WaitForAsync(() => Task.FromResult(hetzner.State.Requests), log => log.Any(IsCreateOrDelete));
        Assert.Equal($"/v1/servers/{NewServer}/actions/create_image", Assert.Single(hetzner.State.Requests, IsCreateOrDelete).PathAndQuery);
        Assert.All(expired, id => Assert.Contains(hetzner.State.Images, i => i.Id == id));
    }

    /// <summary>The panel as it ran on the old server: the token saved there, nothing scheduled yet.</summary>
    private static async Task InstallOnOldServerAsync(SimulatorHost hetzner, string data)
    {
        using (var installed = new PanelFactory(new PanelFactoryOptions { DataPath = data, ApiBaseUrl = hetzner.ApiBaseUrl, MetadataBaseUrl = hetzner.MetadataBaseUrl }))
        {
            using var saved = await installed.CreateApiClient().PutAsJsonAsync(
                new Uri("/api/modules/hetzner/settings/token", UriKind.Relative), new { token = SimulatorDefaults.ReadWriteToken });
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        SqliteConnection.ClearAllPools(); // the in-process panel's pooled connections would hold the databases open
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static async Task AssertConflictNamingBothAsync(HttpResponseMessage response, string lead)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Conflict, body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
        Assert.StartsWith(lead, detail, StringComparison.Ordinal);
        Assert.Contains("server 43", detail, StringComparison.Ordinal);
        Assert.Contains("demo-server (42)", detail, StringComparison.Ordinal);
    }

    private static bool IsCreateOrDelete(simulator::Hetzner.Simulator.LoggedRequest request) =>
        request.Method == "DELETE" || request.PathAndQuery.Contains("create_image", StringComparison.Ordinal);

    private static Dictionary<string, string> AutomaticLabels() => new()
    {
        ["managed-by"] = "panelhost",
        ["panelhost.io/schedule"] = "auto",
        ["panelhost.io/server"] = "42",
    };

    /// <summary>A cookie session through the real login form, for the pages.</summary>
    private static async Task<HttpClient> LoggedInAsync(PanelProcess panel)
    {
        var client = panel.SessionClient();
        var form = await client.GetStringAsync(new Uri("login", UriKind.Relative));
        using var post = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = LoginHelper.AntiforgeryToken(form),
            ["Model.UserName"] = PanelFactory.AdminUser,
            ["Model.Password"] = PanelFactory.AdminPassword,
        });
        using var answer = await client.PostAsync(new Uri("login", UriKind.Relative), post);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        return client;
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path) =>
        await client.GetFromJsonAsync<JsonElement>(new Uri(path, UriKind.Relative));
}
