using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Hetzner.Simulator;
using Modules.Hetzner.Tests.Support;

namespace Modules.Hetzner.Tests.Api;

/// <summary>The two tabs rendered and posted as a browser would, without JavaScript.</summary>
public sealed partial class PageTests
{
    [Fact]
    public async Task A_wrong_token_gets_its_sentence_beside_the_field_and_is_not_sent_back()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        var wrongToken = new string('w', 64);

        var page = await PostFormAsync(client, "m/hetzner/settings", "hetzner-token", ("TokenForm.Token", wrongToken));

        Assert.Matches("<div class=\"validation-message\">Hetzner did not accept this token", page);
        Assert.DoesNotContain(wrongToken, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_the_token_and_the_schedule_shows_the_mask_and_the_numbers()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();

        var afterToken = await PostFormAsync(client, "m/hetzner/settings", "hetzner-token", ("TokenForm.Token", SimulatorDefaults.ReadWriteToken));
        var afterSchedule = await PostFormAsync(client, "m/hetzner/settings", "hetzner-schedule",
            ("ScheduleForm.Enabled", "true"), ("ScheduleForm.FrequencyHours", "6"), ("ScheduleForm.RetentionDays", "7"), ("ScheduleForm.KeepNewest", "1"));

        Assert.Contains("The API token was saved", afterToken, StringComparison.Ordinal);
        Assert.DoesNotContain(SimulatorDefaults.ReadWriteToken, afterToken, StringComparison.Ordinal);
        Assert.Contains("The snapshot settings were saved.", afterSchedule, StringComparison.Ordinal);
        Assert.Contains("<div class=\"stat-value\">28</div><div class=\"stat-label\">kept at steady state</div>", afterSchedule, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ScheduleForm.Enabled", "maybe")]
    [InlineData("ScheduleForm.FrequencyHours", "abc")]
    [InlineData("ScheduleForm.KeepNewest", "1e9")]
    public async Task A_value_the_form_cannot_read_is_named_beside_its_field_and_nothing_is_saved(string field, string value)
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        await PostFormAsync(client, "m/hetzner/settings", "hetzner-token", ("TokenForm.Token", SimulatorDefaults.ReadWriteToken));
        var valid = new Dictionary<string, string>
        {
            ["ScheduleForm.Enabled"] = "true",
            ["ScheduleForm.FrequencyHours"] = "6",
            ["ScheduleForm.RetentionDays"] = "7",
            ["ScheduleForm.KeepNewest"] = "1",
        };
        await PostFormAsync(client, "m/hetzner/settings", "hetzner-schedule", [.. valid.Select(kv => (kv.Key, kv.Value))]);
        valid[field] = value;

        var page = await PostFormAsync(client, "m/hetzner/settings", "hetzner-schedule", [.. valid.Select(kv => (kv.Key, kv.Value))]);

        Assert.DoesNotContain("The snapshot settings were saved.", page, StringComparison.Ordinal);
        Assert.Contains("class=\"validation-message\"", page, StringComparison.Ordinal);
        Assert.Contains(value, page, StringComparison.Ordinal);
        var settings = await client.GetStringAsync(new Uri("api/modules/hetzner/settings", UriKind.Relative));
        Assert.Contains("\"enabled\":true", settings, StringComparison.Ordinal);
        Assert.Contains("\"frequencyHours\":6", settings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_snapshots_tab_renders_from_the_mirror_without_waiting_for_a_slow_Hetzner()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "nightly"));
        await PostFormAsync(client, "m/hetzner/settings", "hetzner-token", ("TokenForm.Token", SimulatorDefaults.ReadWriteToken));
        await PostFormAsync(client, "m/hetzner/snapshots", "hetzner-refresh");
        simulator.State.Latency = TimeSpan.FromSeconds(2);
        simulator.State.ClearRequests();

        var page = await client.GetStringAsync(new Uri("m/hetzner/snapshots", UriKind.Relative));

        // Not one call to the slow API while rendering (how fast the tab is, is measured by bench/snapshots-tab).
        Assert.Equal(0, simulator.State.RequestCount);
        Assert.Contains("<td class=\"name\">nightly</td>", page, StringComparison.Ordinal);
        Assert.Contains("Last refreshed from Hetzner:", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_table_shows_fifty_snapshots_a_page_newest_first()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        for (var i = 0; i < 60; i++)
        {
            simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, $"snap-{i:00}", DateTimeOffset.UtcNow.AddHours(-i)));
        }

        await PostFormAsync(client, "m/hetzner/settings", "hetzner-token", ("TokenForm.Token", SimulatorDefaults.ReadWriteToken));
        await PostFormAsync(client, "m/hetzner/snapshots", "hetzner-refresh");

        var first = await client.GetStringAsync(new Uri("m/hetzner/snapshots", UriKind.Relative));
        var second = await client.GetStringAsync(new Uri("m/hetzner/snapshots?page=2", UriKind.Relative));

        Assert.Equal(50, SnapshotRow().Count(first));
        Assert.Contains("Page 1 of 2", first, StringComparison.Ordinal);
        Assert.Contains("60 snapshots", first, StringComparison.Ordinal);
        Assert.Contains("<td class=\"name\">snap-00</td>", first, StringComparison.Ordinal);
        Assert.Equal(10, SnapshotRow().Count(second));
        Assert.Contains("<td class=\"name\">snap-59</td>", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_asks_first_and_a_protected_snapshot_says_why_it_cannot_be_deleted()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        var plain = simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "plain"));
        var locked = simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "locked", DeleteProtected: true));
        await PostFormAsync(client, "m/hetzner/settings", "hetzner-token", ("TokenForm.Token", SimulatorDefaults.ReadWriteToken));
        await PostFormAsync(client, "m/hetzner/snapshots", "hetzner-refresh");

        var protectedConfirm = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri($"m/hetzner/snapshots?confirm={locked}", UriKind.Relative)));
        var deleted = await PostFormAsync(client, $"m/hetzner/snapshots?confirm={plain}", "hetzner-delete", ("DeleteForm.Ids", $"{plain}"));

        Assert.Contains("Skipped, delete-protected at Hetzner: “locked”", protectedConfirm, StringComparison.Ordinal);
        Assert.Contains("Snapshot “plain” was deleted.", deleted, StringComparison.Ordinal);
        Assert.Equal([locked], simulator.State.Images.Select(i => i.Id));
    }

    [Fact]
    public async Task Create_shows_the_progress_panel_that_the_script_polls()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        await PostFormAsync(client, "m/hetzner/settings", "hetzner-token", ("TokenForm.Token", SimulatorDefaults.ReadWriteToken));

        var form = await client.GetStringAsync(new Uri("m/hetzner/snapshots", UriKind.Relative));
        var created = await PostFormAsync(client, "m/hetzner/snapshots", "hetzner-create", ("CreateForm.Description", "before-upgrade"));

        Assert.Contains($"value=\"{SimulatorDefaults.DemoServerName}\"", form, StringComparison.Ordinal);
        Assert.Contains("Snapshot “before-upgrade” is being created.", created, StringComparison.Ordinal);
        Assert.Matches("data-hetzner-operation=\"/api/modules/hetzner/operations/\\d+\"", created);
        Assert.Contains("<script src=\"/_modules/hetzner/hetzner.js\" defer></script>", created, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_progress_of_a_run_is_a_progress_element_without_an_inline_style_and_the_script_gets_its_texts_from_the_page()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        simulator.State.ActionDuration = TimeSpan.FromMinutes(5);
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        await PostFormAsync(client, "m/hetzner/settings", "hetzner-token", ("TokenForm.Token", SimulatorDefaults.ReadWriteToken));

        var created = await PostFormAsync(client, "m/hetzner/snapshots", "hetzner-create", ("CreateForm.Description", "running"));
        var operation = OperationPanel().Match(created).Value;

        Assert.Contains("<progress class=\"progress\"", operation, StringComparison.Ordinal);
        Assert.Contains("max=\"100\"", operation, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", operation, StringComparison.Ordinal);
        Assert.Contains("data-text-pending=\"Waiting to start…\"", operation, StringComparison.Ordinal);
        Assert.Contains("data-text-creating=\"Hetzner is creating the snapshot: {0}%.\"", operation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_moved_panel_shows_both_servers_on_both_tabs_and_the_switch_leads_back_to_the_tab()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        await PostFormAsync(client, "m/hetzner/settings", "hetzner-token", ("TokenForm.Token", SimulatorDefaults.ReadWriteToken));
        simulator.State.MetadataServerId = SimulatorDefaults.DemoServerId + 1;
        // This test host runs no background loop; in the panel its start-up pass finds the move (the process test).
        using (var refused = await client.PostAsync(new Uri("api/modules/hetzner/prune", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        }

        var tabs = new[] { "m/hetzner/settings", "m/hetzner/snapshots" };
        foreach (var tab in tabs)
        {
            var html = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri(tab, UriKind.Relative)));
            Assert.Contains("data-testid=\"server-moved\"", html, StringComparison.Ordinal);
            Assert.Contains($"<strong>{SimulatorDefaults.DemoServerName}</strong> (id 42)", html, StringComparison.Ordinal);
            Assert.Contains("Switch to this server (id 43)", html, StringComparison.Ordinal);
        }

        using var switched = await SendFormAsync(client, "m/hetzner/snapshots", "hetzner-switch-server", ("SwitchForm.ServerId", "43"));
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        var back = switched.Headers.Location!.OriginalString;
        var after = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri(back, UriKind.RelativeOrAbsolute)));

        Assert.EndsWith("/m/hetzner/snapshots?switched=43", back, StringComparison.Ordinal);
        Assert.Contains("The panel now manages server demo-worker (id 43).", after, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"server-moved\"", after, StringComparison.Ordinal);
    }

    /// <summary>Posts a form as a browser does: a redirect (post/redirect/get after a success) is followed with a GET.</summary>
    internal static async Task<string> PostFormAsync(HttpClient client, string path, string formName, params (string Name, string Value)[] fields)
    {
        using var posted = await SendFormAsync(client, path, formName, fields);
        using var response = posted.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther
            ? await client.GetAsync(posted.Headers.Location!)
            : null;
        var answer = response ?? posted;
        var body = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.IsSuccessStatusCode, $"POST {path} ({formName}) answered {(int)answer.StatusCode}: {body}");
        return WebUtility.HtmlDecode(body);
    }

    internal static async Task<HttpResponseMessage> SendFormAsync(HttpClient client, string path, string formName, params (string Name, string Value)[] fields)
    {
        var page = await client.GetStringAsync(new Uri(path, UriKind.Relative));
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        using var content = new FormUrlEncodedContent(
            [new("_handler", formName), new("__RequestVerificationToken", WebUtility.HtmlDecode(token)),
             .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);
        return await client.PostAsync(new Uri(path, UriKind.Relative), content);
    }

    [GeneratedRegex("<section class=\"card\" data-testid=\"operation\".*?</section>", RegexOptions.Singleline)]
    private static partial Regex OperationPanel();

    [GeneratedRegex("<tr data-snapshot-id=")]
    private static partial Regex SnapshotRow();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
