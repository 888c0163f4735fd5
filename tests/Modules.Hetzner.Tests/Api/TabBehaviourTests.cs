using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hetzner.Simulator;
using Modules.Hetzner.Tests.Support;
using static Modules.Hetzner.Tests.Api.PageTests;

namespace Modules.Hetzner.Tests.Api;

/// <summary>Issue 11 on the Hetzner tabs, as a browser without JavaScript sees them: post/redirect/get, stale actions,
/// whole numbers, confirmations that say how many, the table's sort/search/filter/bulk delete and the live figures'
/// server side.</summary>
public sealed partial class TabBehaviourTests
{
    [Fact]
    public async Task A_delete_of_a_snapshot_already_deleted_in_another_tab_gets_a_sentence_not_a_blank_400()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        var plain = simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "plain"));
        await PostFormAsync(client, "m/hetzner/settings", "hetzner-token", ("TokenForm.Token", SimulatorDefaults.ReadWriteToken));
        await PostFormAsync(client, "m/hetzner/snapshots", "hetzner-refresh");

        // Two tabs showed the same confirmation; the first deletes, the second (or F5 on the first) posts again.
        using var first = await SendFormAsync(client, $"m/hetzner/snapshots?confirm={plain}", "hetzner-delete", ("DeleteForm.Ids", $"{plain}"));
        using var second = await SendFormAsync(client, "m/hetzner/snapshots", "hetzner-delete", ("DeleteForm.Ids", $"{plain}"));
        var answer = WebUtility.HtmlDecode(await client.GetStringAsync(second.Headers.Location!));
        var staleConfirm = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri($"m/hetzner/snapshots?confirm={plain}", UriKind.Relative)));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Contains("This snapshot was already deleted", answer, StringComparison.Ordinal);
        Assert.Contains("already deleted (in another tab or at Hetzner)", staleConfirm, StringComparison.Ordinal);
        Assert.Empty(simulator.State.Images);
    }

    [Fact]
    public async Task Actions_answer_with_a_redirect_and_the_message_shows_once()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();

        using var posted = await SendFormAsync(client, "m/hetzner/settings", "hetzner-token", ("TokenForm.Token", SimulatorDefaults.ReadWriteToken));
        var shown = WebUtility.HtmlDecode(await client.GetStringAsync(posted.Headers.Location!));
        var reloaded = WebUtility.HtmlDecode(await client.GetStringAsync(posted.Headers.Location!));

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.EndsWith("/m/hetzner/settings#api-token", posted.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("The API token was saved", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("The API token was saved", reloaded, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2.5")]
    [InlineData("abc")]
    public async Task A_keep_newest_that_is_not_a_whole_number_is_named_by_its_label_and_stays_in_the_field(string typed)
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        var form = await client.GetStringAsync(new Uri("m/hetzner/settings", UriKind.Relative));

        var page = await PostFormAsync(client, "m/hetzner/settings", "hetzner-schedule",
            ("ScheduleForm.Enabled", "false"), ("ScheduleForm.FrequencyHours", "6"), ("ScheduleForm.RetentionDays", "7"), ("ScheduleForm.KeepNewest", typed));

        Assert.DoesNotContain("step=\"any\"", form, StringComparison.Ordinal);
        Assert.Contains("step=\"1\"", form, StringComparison.Ordinal);
        Assert.Contains($"Always keep the newest takes a whole number from 1 to 100; “{typed}” is not one.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("'KeepNewest'", page, StringComparison.Ordinal);
        Assert.Matches($"id=\"hetzner-keep\"[^>]*value=\"{Regex.Escape(typed)}\"", page);
        var settings = await client.GetStringAsync(new Uri("api/modules/hetzner/settings", UriKind.Relative));
        Assert.Contains("\"frequencyHours\":12", settings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prune_now_asks_first_with_the_count_and_its_message_agrees_with_the_preview()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 12; i++)
        {
            simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, $"auto-{i:00}", now.AddDays(-i), Auto.Labels($"{SimulatorDefaults.DemoServerId}")));
        }

        simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "manual-outside", now.AddDays(-40)));
        await PostFormAsync(client, "m/hetzner/settings", "hetzner-token", ("TokenForm.Token", SimulatorDefaults.ReadWriteToken));
        await PostFormAsync(client, "m/hetzner/snapshots", "hetzner-refresh");

        var tab = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("m/hetzner/snapshots", UriKind.Relative)));
        var confirm = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("m/hetzner/snapshots?prune=confirm", UriKind.Relative)));
        using var unconfirmed = await SendFormAsync(client, "m/hetzner/snapshots", "hetzner-prune");
        var imagesAfterUnconfirmed = simulator.State.Images.Count;
        var pruned = await PostFormAsync(client, "m/hetzner/snapshots?prune=confirm", "hetzner-prune", ("PruneForm.Expected", "5"));

        // Retention 7 days, newest 1 kept: auto-07 .. auto-11 (5) go, auto-00 .. auto-06 (7) stay; the outside one is never counted.
        Assert.DoesNotContain("data-testid=\"confirm-prune\"", tab, StringComparison.Ordinal);
        Assert.Contains("will be deleted and 7 kept", tab, StringComparison.Ordinal);
        Assert.Equal(5, Regex.Count(tab, "data-prune-row=\"delete\""));
        Assert.Equal(7, Regex.Count(tab, "data-prune-row=\"keep\""));
        Assert.Contains("Will be deleted", tab, StringComparison.Ordinal);
        Assert.DoesNotContain(">Deleted<", tab, StringComparison.Ordinal);
        Assert.Matches(@"Prune now deletes 5 automatic snapshots</strong>\s+and keeps\s+7 automatic", confirm);
        Assert.Equal(HttpStatusCode.Redirect, unconfirmed.StatusCode);
        Assert.Equal(13, imagesAfterUnconfirmed);
        Assert.Contains("Pruned: 5 deleted, 7 automatic kept, 0 failed.", pruned, StringComparison.Ordinal);
        Assert.Equal(8, simulator.State.Images.Count);
    }

    [Fact]
    public async Task Prune_now_deletes_nothing_when_more_have_expired_than_the_admin_confirmed()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 12; i++)
        {
            simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, $"auto-{i:00}", now.AddDays(-i), Auto.Labels($"{SimulatorDefaults.DemoServerId}")));
        }

        await PostFormAsync(client, "m/hetzner/settings", "hetzner-token", ("TokenForm.Token", SimulatorDefaults.ReadWriteToken));
        await PostFormAsync(client, "m/hetzner/snapshots", "hetzner-refresh");

        // The confirmation said 4 (say, shown before one more snapshot expired); 5 would go now.
        var answer = await PostFormAsync(client, "m/hetzner/snapshots?prune=confirm", "hetzner-prune", ("PruneForm.Expected", "4"));

        Assert.Equal(12, simulator.State.Images.Count);
        Assert.Contains("Nothing was pruned: 5 automatic snapshots would now be deleted, not the 4 you confirmed.", answer, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"confirm-prune\"", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_a_shorter_retention_shows_how_many_it_deletes_and_saves_only_when_confirmed()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 6; i++)
        {
            simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, $"auto-{i}", now.AddDays(-i), Auto.Labels($"{SimulatorDefaults.DemoServerId}")));
        }

        await PostFormAsync(client, "m/hetzner/settings", "hetzner-token", ("TokenForm.Token", SimulatorDefaults.ReadWriteToken));
        await PostFormAsync(client, "m/hetzner/snapshots", "hetzner-refresh");
        (string, string)[] shorter = [("ScheduleForm.Enabled", "true"), ("ScheduleForm.FrequencyHours", "24"), ("ScheduleForm.RetentionDays", "3"), ("ScheduleForm.KeepNewest", "1")];

        var asked = await PostFormAsync(client, "m/hetzner/settings", "hetzner-schedule", shorter);
        var before = await client.GetStringAsync(new Uri("api/modules/hetzner/settings", UriKind.Relative));
        var saved = await PostFormAsync(client, "m/hetzner/settings", "hetzner-schedule", [.. shorter, ("ScheduleForm.ConfirmDeletes", "3")]);
        var after = await client.GetStringAsync(new Uri("api/modules/hetzner/settings", UriKind.Relative));

        // auto-3, auto-4 and auto-5 are older than 3 days (auto-3 within the grace of a few minutes counts as expired).
        Assert.Contains("Saving these settings deletes 3 automatic snapshots at the next prune", asked, StringComparison.Ordinal);
        Assert.Contains("Nothing has been saved yet.", asked, StringComparison.Ordinal);
        Assert.Matches(@"automatic snapshot, due <time datetime=""[^""]+""[^>]*>[^<]*</time>\)\.", asked);
        Assert.Contains("<li>auto-5 (", asked, StringComparison.Ordinal);
        Assert.Matches("id=\"hetzner-retention\"[^>]*>.*<option value=\"3\" selected>", asked.Replace("\n", " ", StringComparison.Ordinal));
        Assert.Contains("\"retentionDays\":7", before, StringComparison.Ordinal);
        Assert.Contains("\"enabled\":false", before, StringComparison.Ordinal);
        Assert.Contains("The snapshot settings were saved. Automatic snapshots are on: the first is due", saved, StringComparison.Ordinal);
        Assert.Contains("\"retentionDays\":3", after, StringComparison.Ordinal);
        Assert.Equal(6, simulator.State.Images.Count);
    }

    [Fact]
    public async Task The_settings_dry_run_counts_the_snapshot_the_next_run_adds_and_the_flash_time_is_a_local_time()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        await SeedFourOldAutomaticAsync(simulator, client);
        (string, string)[] keepThree = [("ScheduleForm.Enabled", "true"), ("ScheduleForm.FrequencyHours", "24"), ("ScheduleForm.RetentionDays", "7"), ("ScheduleForm.KeepNewest", "3")];

        // A prune now would delete one (the newest 3 of 4 stay); the run's own snapshot becomes one of the newest 3
        // before its prune, so that prune deletes two.
        var asked = await PostFormAsync(client, "m/hetzner/settings", "hetzner-schedule", keepThree);
        var saved = await PostFormAsync(client, "m/hetzner/settings", "hetzner-schedule", [.. keepThree, ("ScheduleForm.ConfirmDeletes", "2")]);

        Assert.Contains("Saving these settings deletes 2 automatic snapshots at the next prune", asked, StringComparison.Ordinal);
        Assert.Contains("<li>old-3 (", asked, StringComparison.Ordinal);
        Assert.Contains("<li>old-2 (", asked, StringComparison.Ordinal);
        Assert.Matches("data-testid=\"schedule-flash\">[^<]*the first is due <time datetime=\"[0-9T:Z-]+\"", saved);
    }

    [Fact]
    public async Task The_snapshots_tab_forecasts_the_same_scheduled_prune_as_the_settings_dry_run_and_prune_now_stays_apart()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        await SeedFourOldAutomaticAsync(simulator, client);
        var scheduleOff = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("m/hetzner/snapshots", UriKind.Relative)));
        (string, string)[] keepThree = [("ScheduleForm.Enabled", "true"), ("ScheduleForm.FrequencyHours", "24"), ("ScheduleForm.RetentionDays", "7"), ("ScheduleForm.KeepNewest", "3")];
        var asked = await PostFormAsync(client, "m/hetzner/settings", "hetzner-schedule", keepThree);
        await PostFormAsync(client, "m/hetzner/settings", "hetzner-schedule", [.. keepThree, ("ScheduleForm.ConfirmDeletes", "2")]);

        var tab = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("m/hetzner/snapshots", UriKind.Relative)));
        var confirm = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("m/hetzner/snapshots?prune=confirm", UriKind.Relative)));

        // The scheduled run adds its own snapshot before its prune: 2 of the 4 go then, as the Settings tab said;
        // a prune pressed now sees 4 and deletes only 1. Each page says which of the two it counts.
        Assert.Contains("Saving these settings deletes 2 automatic snapshots at the next prune", asked, StringComparison.Ordinal);
        Assert.Matches(@"data-testid=""prune-summary"">\s*At the next automatic prune \(after the run due <time datetime=""[0-9T:Z-]+""", tab);
        Assert.Contains("<strong>2</strong> automatic snapshots will be deleted and 2 kept, besides the snapshot that run makes.", Squash(tab), StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(tab, "data-prune-row=\"delete\""));
        Assert.Matches(@"Prune now deletes 1 automatic snapshot</strong>\s+and keeps\s+3 automatic", confirm);
        Assert.Contains("If pruned now: <strong>3</strong> automatic snapshots will be deleted and 1 kept.", Squash(scheduleOff), StringComparison.Ordinal);
    }

    /// <summary>Four automatic snapshots 10 to 13 days old, the token saved and the mirror read.</summary>
    private static async Task SeedFourOldAutomaticAsync(SimulatorHost simulator, HttpClient client)
    {
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 4; i++)
        {
            simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, $"old-{i}", now.AddDays(-10 - i), Auto.Labels($"{SimulatorDefaults.DemoServerId}")));
        }

        await PostFormAsync(client, "m/hetzner/settings", "hetzner-token", ("TokenForm.Token", SimulatorDefaults.ReadWriteToken));
        await PostFormAsync(client, "m/hetzner/snapshots", "hetzner-refresh");
    }

    private static string Squash(string html) => Regex.Replace(html, @"\s+", " ");

    [Fact]
    public async Task Saving_unchanged_settings_does_not_ask_about_the_routine_expiry_of_the_oldest_snapshot()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 3; i++)
        {
            simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, $"auto-{i}", now.AddDays(-10 - i), Auto.Labels($"{SimulatorDefaults.DemoServerId}")));
        }

        await PostFormAsync(client, "m/hetzner/settings", "hetzner-token", ("TokenForm.Token", SimulatorDefaults.ReadWriteToken));
        await PostFormAsync(client, "m/hetzner/snapshots", "hetzner-refresh");
        (string, string)[] keepThree = [("ScheduleForm.Enabled", "true"), ("ScheduleForm.FrequencyHours", "24"), ("ScheduleForm.RetentionDays", "7"), ("ScheduleForm.KeepNewest", "3")];
        var first = await PostFormAsync(client, "m/hetzner/settings", "hetzner-schedule", [.. keepThree, ("ScheduleForm.ConfirmDeletes", "1")]);

        // The next run deletes auto-2 under the saved settings already: saving them again is no surprise.
        var again = await PostFormAsync(client, "m/hetzner/settings", "hetzner-schedule", keepThree);

        Assert.Contains("The snapshot settings were saved.", first, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"confirm-retention\"", again, StringComparison.Ordinal);
        Assert.Contains("The snapshot settings were saved.", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_live_figures_come_from_the_same_rendering_as_the_saved_ones()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        await PostFormAsync(client, "m/hetzner/settings", "hetzner-token", ("TokenForm.Token", SimulatorDefaults.ReadWriteToken));
        const string Query = "api/modules/hetzner/settings/summary?enabled=false&frequencyHours=6&retentionDays=7&keepNewest=1";

        var fragment = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri(Query + "&format=html", UriKind.Relative)));
        using var json = JsonDocument.Parse(await client.GetStringAsync(new Uri(Query, UriKind.Relative)));
        using var invalid = await client.GetAsync(new Uri("api/modules/hetzner/settings/summary?frequencyHours=5&retentionDays=7&keepNewest=1", UriKind.Relative));
        await PostFormAsync(client, "m/hetzner/settings", "hetzner-schedule",
            ("ScheduleForm.Enabled", "false"), ("ScheduleForm.FrequencyHours", "6"), ("ScheduleForm.RetentionDays", "7"), ("ScheduleForm.KeepNewest", "1"));
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("m/hetzner/settings", UriKind.Relative)));

        Assert.Equal(28, json.RootElement.GetProperty("summary").GetProperty("keptAtSteadyState").GetInt32());
        Assert.Contains("<div class=\"stat-value\">28</div><div class=\"stat-label\">kept at steady state</div>", fragment, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", fragment, StringComparison.Ordinal);
        Assert.Equal(SummaryStats(page), SummaryStats(fragment));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Fact]
    public async Task The_sort_headers_name_their_column_and_mark_the_sorted_one()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        await PostFormAsync(client, "m/hetzner/settings", "hetzner-token", ("TokenForm.Token", SimulatorDefaults.ReadWriteToken));

        var tab = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("m/hetzner/snapshots?sort=name&dir=asc", UriKind.Relative)));

        Assert.DoesNotContain("SortMark", tab, StringComparison.Ordinal);
        Assert.Matches("data-testid=\"sort-created\">Created</a>", tab);
        Assert.Matches("data-testid=\"sort-name\">Name ▲</a>", tab);
        Assert.Matches("data-testid=\"sort-size\">Size</a>", tab);
    }

    [Fact]
    public async Task The_table_sorts_searches_filters_and_pages_from_the_address()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        var now = DateTimeOffset.UtcNow;
        simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "bravo-auto", now.AddHours(-1), Auto.Labels($"{SimulatorDefaults.DemoServerId}")));
        simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "alpha-outside", now.AddHours(-2)));
        simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "charlie-auto", now.AddHours(-3), Auto.Labels($"{SimulatorDefaults.DemoServerId}")));
        await PostFormAsync(client, "m/hetzner/settings", "hetzner-token", ("TokenForm.Token", SimulatorDefaults.ReadWriteToken));
        await PostFormAsync(client, "m/hetzner/snapshots", "hetzner-refresh");

        var byName = await NamesAsync(client, "m/hetzner/snapshots?sort=name&dir=asc");
        var byNameDescending = await NamesAsync(client, "m/hetzner/snapshots?sort=name&dir=desc");
        var oldestFirst = await NamesAsync(client, "m/hetzner/snapshots?sort=created&dir=asc");
        var searched = await NamesAsync(client, "m/hetzner/snapshots?q=ALPHA");
        var automatic = await NamesAsync(client, "m/hetzner/snapshots?type=automatic");
        var outside = await NamesAsync(client, "m/hetzner/snapshots?type=outside");
        var paged = await NamesAsync(client, "m/hetzner/snapshots?size=25&page=1");
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("m/hetzner/snapshots?type=automatic", UriKind.Relative)));

        Assert.Equal(["alpha-outside", "bravo-auto", "charlie-auto"], byName);
        Assert.Equal(["charlie-auto", "bravo-auto", "alpha-outside"], byNameDescending);
        Assert.Equal(["charlie-auto", "alpha-outside", "bravo-auto"], oldestFirst);
        Assert.Equal(["alpha-outside"], searched);
        Assert.Equal(["bravo-auto", "charlie-auto"], automatic);
        Assert.Equal(["alpha-outside"], outside);
        Assert.Equal(3, paged.Count);
        Assert.Contains("2 of 3 snapshots match", page, StringComparison.Ordinal);
        Assert.Contains(">Auto</span>", page, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Delete snapshot “bravo-auto”\"", page, StringComparison.Ordinal);
        Assert.Matches("<time datetime=\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\" title=\"[^\"]+ UTC\"", page);
    }

    [Fact]
    public async Task Bulk_delete_confirms_once_skips_protected_ones_by_name_and_deletes_the_rest()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        var one = simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "one"));
        var two = simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "two"));
        var locked = simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "locked", DeleteProtected: true));
        var kept = simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "kept"));
        await PostFormAsync(client, "m/hetzner/settings", "hetzner-token", ("TokenForm.Token", SimulatorDefaults.ReadWriteToken));
        await PostFormAsync(client, "m/hetzner/snapshots", "hetzner-refresh");

        var confirm = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri($"m/hetzner/snapshots?confirm={one}&confirm={two}&confirm={locked}", UriKind.Relative)));
        var ids = Regex.Match(confirm, "name=\"DeleteForm.Ids\" value=\"([^\"]*)\"").Groups[1].Value;
        var deleted = await PostFormAsync(client, "m/hetzner/snapshots", "hetzner-delete", ("DeleteForm.Ids", ids));

        Assert.Contains("Delete these 2 snapshots?", confirm, StringComparison.Ordinal);
        Assert.Contains("Skipped, delete-protected at Hetzner: “locked”", confirm, StringComparison.Ordinal);
        Assert.Contains("Deleted: “one”, “two”.", deleted, StringComparison.Ordinal);
        Assert.Equal([locked, kept], simulator.State.Images.Select(i => i.Id).Order());
    }

    [Fact]
    public async Task Delete_selected_with_nothing_ticked_asks_to_tick_one()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "one"));
        await PostFormAsync(client, "m/hetzner/settings", "hetzner-token", ("TokenForm.Token", SimulatorDefaults.ReadWriteToken));
        await PostFormAsync(client, "m/hetzner/snapshots", "hetzner-refresh");

        // Submit the bulk form as a browser does with no row ticked: its hidden fields and the pressed button's name.
        var list = await client.GetStringAsync(new Uri("m/hetzner/snapshots?q=on", UriKind.Relative));
        var form = BulkForm().Match(list).Value;
        var fields = FormField().Matches(form).Select(m => (Name: m.Groups[1].Value, Value: m.Groups[2].Value))
            .Where(f => f.Name != "confirm")
            .Select(f => $"{f.Name}={Uri.EscapeDataString(WebUtility.HtmlDecode(f.Value))}");
        var answer = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("m/hetzner/snapshots?" + string.Join("&", fields), UriKind.Relative)));
        var again = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("m/hetzner/snapshots?q=on", UriKind.Relative)));

        Assert.Contains("Tick at least one snapshot to delete.", answer, StringComparison.Ordinal);
        Assert.Contains("value=\"on\"", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("Tick at least one snapshot to delete.", again, StringComparison.Ordinal);
        Assert.Single(simulator.State.Images);
    }

    private static async Task<List<string>> NamesAsync(HttpClient client, string path)
    {
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri(path, UriKind.Relative)));
        return [.. NameCell().Matches(page).Select(m => m.Groups[1].Value)];
    }

    private static string SummaryStats(string html) => StatsBlock().Match(html).Value;

    [GeneratedRegex("<form method=\"get\" action=\"/m/hetzner/snapshots\" id=\"bulk-select\".*?</form>", RegexOptions.Singleline)]
    private static partial Regex BulkForm();

    /// <summary>A hidden input, or a button with a name (a pressed submit button sends its name and value).</summary>
    [GeneratedRegex("<(?:input type=\"hidden\"|button type=\"submit\") name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex FormField();

    [GeneratedRegex("<td class=\"name\">([^<]*)</td>")]
    private static partial Regex NameCell();

    [GeneratedRegex("<div class=\"stats\" data-testid=\"settings-summary\">.*?</div></div>\\s*</div>", RegexOptions.Singleline)]
    private static partial Regex StatsBlock();
}
