extern alias simulator;

using Microsoft.Playwright;
using SimulatorHost = simulator::Hetzner.Simulator.SimulatorHost;
using SimulatorDefaults = simulator::Hetzner.Simulator.SimulatorDefaults;
using SeedImage = simulator::Hetzner.Simulator.SeedImage;

namespace PanelHost.Tests;

/// <summary>Issue 11 on the Hetzner tabs in a real browser (set to Europe/Berlin): local times, live figures, busy
/// buttons, a finishing run that keeps a half-typed form, and the table's bulk delete.</summary>
public sealed class HetznerTabBrowserTests
{
    [Fact]
    public async Task Times_are_local_figures_follow_the_form_buttons_say_they_are_busy_and_a_finished_run_keeps_the_typing()
    {
        await using var hetzner = await SimulatorHost.StartAsync();
        hetzner.State.ActionDuration = TimeSpan.FromSeconds(5);
        using var factory = new PanelFactory(new PanelFactoryOptions { Kestrel = true, ApiBaseUrl = hetzner.ApiBaseUrl, MetadataBaseUrl = hetzner.MetadataBaseUrl });
        factory.StartServer();
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync(timezoneId: "Europe/Berlin");
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        await Browser.LogInAsync(page, baseUrl, PanelFactory.AdminUser, PanelFactory.AdminPassword);
        await page.GotoAsync(baseUrl + "/m/hetzner/settings");

        // Save token: the button says what it waits for. Playwright's checks wait for a pending navigation, so the
        // state the pressed button had while the request was under way is recorded by a window listener (it runs
        // after the page's own) in the tab's session storage, which survives the navigation.
        await page.AddInitScriptAsync("window.addEventListener('submit', e => { const b = e.submitter; if (b) sessionStorage.setItem('pressed', [b.getAttribute('aria-busy'), b.disabled, b.textContent].join('|')); });");
        await page.ReloadAsync();
        await page.FillAsync("#hetzner-token", SimulatorDefaults.ReadWriteToken);
        await page.ClickAsync("#api-token button[type=submit]");
        await Assertions.Expect(page.Locator("#api-token .alert-success")).ToBeVisibleAsync();
        Assert.Equal("true|true|Checking the token with Hetzner…", await page.EvaluateAsync<string>("() => sessionStorage.getItem('pressed')"));

        // The saved time is shown in Berlin time, with the exact UTC time on hover.
        var saved = page.Locator("[data-testid=token-mask] time");
        var datetime = DateTimeOffset.Parse(await saved.GetAttributeAsync("datetime") ?? "", System.Globalization.CultureInfo.InvariantCulture);
        var berlin = TimeZoneInfo.ConvertTime(datetime, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        await Assertions.Expect(saved).ToContainTextAsync(berlin.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(saved).ToContainTextAsync(new System.Text.RegularExpressions.Regex("CET|CEST|GMT\\+[12]"));
        await Assertions.Expect(saved).Not.ToContainTextAsync("UTC");
        await Assertions.Expect(saved).ToHaveAttributeAsync("title", datetime.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture));

        // "What this means" follows the form before anything is saved: every hour for 7 days keeps 168.
        var kept = page.Locator("[data-testid=settings-summary] .stat:has-text('kept at steady state') .stat-value");
        await Assertions.Expect(kept).ToHaveTextAsync("14");
        await page.SelectOptionAsync("#hetzner-frequency", "1");
        await Assertions.Expect(kept).ToHaveTextAsync("168");
        await page.SelectOptionAsync("#hetzner-retention", "1");
        await page.FillAsync("#hetzner-keep", "50");
        await Assertions.Expect(kept).ToHaveTextAsync("50");
        Assert.DoesNotContain("settings were saved", await page.ContentAsync(), StringComparison.Ordinal);

        // Snapshots: Refresh is busy while Hetzner answers slowly.
        await page.GotoAsync(baseUrl + "/m/hetzner/snapshots");
        Assert.Empty(scriptErrors);
        await page.Locator("#snapshots .card-header button").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=flash]")).ToContainTextAsync("refreshed");
        Assert.Equal("true|true|Refreshing from Hetzner…", await page.EvaluateAsync<string>("() => sessionStorage.getItem('pressed')"));

        // During a run Create says why it is disabled; when the run ends, the page updates without a reload and the
        // name being typed for the next snapshot is still there.
        await page.ClickAsync("[data-testid=create-snapshot] summary");
        await page.FillAsync("#hetzner-snapshot-name", "first-run");
        await page.ClickAsync("[data-testid=create-snapshot] button[type=submit]");
        await Assertions.Expect(page.Locator("[data-testid=operation] [role=progressbar]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=operation] [aria-live=polite]")).ToBeVisibleAsync();
        await page.ClickAsync("[data-testid=create-snapshot] summary");
        await Assertions.Expect(page.Locator("[data-testid=create-why]")).ToContainTextAsync("Wait until snapshot “first-run” is finished");
        await Assertions.Expect(page.Locator("[data-testid=create-snapshot] button[type=submit]")).ToBeDisabledAsync();
        await page.FillAsync("#hetzner-snapshot-name", "half-typed");
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        await Assertions.Expect(page.Locator("[data-testid=flash]")).ToContainTextAsync("Snapshot “first-run” is available.", new LocatorAssertionsToContainTextOptions { Timeout = 40_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));
        Assert.Equal("half-typed", await page.InputValueAsync("#hetzner-snapshot-name"));
        await Assertions.Expect(page.Locator("tr[data-snapshot-id]", new PageLocatorOptions { HasText = "first-run" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=create-snapshot] button[type=submit]")).ToBeEnabledAsync();
        await Assertions.Expect(page.Locator("tr[data-snapshot-id] time").First).Not.ToContainTextAsync("UTC");

        // Events: the day filter counts Berlin days, as the table shows Berlin times.
        await page.GotoAsync(baseUrl + "/events");
        await Assertions.Expect(page.Locator("[data-testid=events-zone]")).ToHaveTextAsync("Days in Europe/Berlin");
        await page.ClickAsync("[data-testid=event-filters] button[type=submit]");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("tz=Europe%2FBerlin"));
        Assert.Empty(scriptErrors);
    }

    [Fact]
    public async Task Delete_selected_with_nothing_ticked_answers_and_a_busy_button_is_usable_again_when_the_page_is_shown_again()
    {
        await using var hetzner = await SimulatorHost.StartAsync();
        hetzner.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "one"));
        using var factory = new PanelFactory(new PanelFactoryOptions { Kestrel = true, ApiBaseUrl = hetzner.ApiBaseUrl, MetadataBaseUrl = hetzner.MetadataBaseUrl });
        factory.StartServer();
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync();
        await SaveTokenAndRefreshAsync(page, baseUrl, rows: 1);

        await page.ClickAsync("[data-testid=bulk-delete]");
        await Assertions.Expect(page.Locator("[data-testid=flash]")).ToHaveTextAsync("Tick at least one snapshot to delete.");

        // A navigation that never completes leaves the page standing, as a failed one or a page restored from the
        // back/forward cache does: a window listener (it runs after the page's own) cancels it once the button is busy.
        var refresh = page.Locator("#snapshots .card-header button");
        await page.EvaluateAsync("() => window.addEventListener('submit', e => e.preventDefault(), { once: true })");
        await refresh.ClickAsync();
        await Assertions.Expect(refresh).ToBeDisabledAsync();
        await Assertions.Expect(refresh).ToHaveTextAsync("Refreshing from Hetzner…");
        await page.EvaluateAsync("() => window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))");

        await Assertions.Expect(refresh).ToBeEnabledAsync();
        await Assertions.Expect(refresh).ToHaveTextAsync("Refresh");
        await Assertions.Expect(refresh).Not.ToHaveAttributeAsync("aria-busy", "true");

        // A row's "Keep forever" hands its name and value over as a hidden field while it is busy; once the page is
        // usable again that field must go, or the next press of another row's button posts two snapshot ids.
        var keep = page.Locator("[data-testid=keep-forever]").First;
        var carried = page.Locator("[data-testid=protection-form] input[type=hidden][name='ProtectionForm.Change']");
        await page.EvaluateAsync("() => window.addEventListener('submit', e => e.preventDefault(), { once: true })");
        await keep.ClickAsync();
        await Assertions.Expect(keep).ToBeDisabledAsync();
        await Assertions.Expect(carried).ToHaveCountAsync(1);
        await page.EvaluateAsync("() => window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))");

        await Assertions.Expect(keep).ToBeEnabledAsync();
        await Assertions.Expect(carried).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Ticked_rows_are_deleted_after_one_confirmation_and_prune_now_asks_first()
    {
        await using var hetzner = await SimulatorHost.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var one = hetzner.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "one", now.AddHours(-1)));
        var two = hetzner.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "two", now.AddHours(-2)));
        var locked = hetzner.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "locked", now.AddHours(-3), DeleteProtected: true));
        var auto = new Dictionary<string, string> { ["managed-by"] = "panelhost", ["panelhost.io/schedule"] = "auto", ["panelhost.io/server"] = $"{SimulatorDefaults.DemoServerId}" };
        hetzner.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "auto-new", now.AddDays(-1), auto));
        hetzner.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "auto-old", now.AddDays(-20), auto));
        using var factory = new PanelFactory(new PanelFactoryOptions { Kestrel = true, ApiBaseUrl = hetzner.ApiBaseUrl, MetadataBaseUrl = hetzner.MetadataBaseUrl });
        factory.StartServer();
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync(timezoneId: "Europe/Berlin");
        await SaveTokenAndRefreshAsync(page, baseUrl, rows: 5);

        // Sort by name with the header, then search.
        await page.ClickAsync("[data-testid=sort-name]");
        await Assertions.Expect(page.Locator("td.name").First).ToHaveTextAsync("auto-new");
        await page.FillAsync("#hetzner-search", "l");
        await page.PressAsync("#hetzner-search", "Enter");
        await Assertions.Expect(page.Locator("td.name")).ToHaveTextAsync(["auto-old", "locked"]);
        await page.FillAsync("#hetzner-search", "");
        await page.PressAsync("#hetzner-search", "Enter");
        await page.SelectOptionAsync("#hetzner-type", "automatic");
        await Assertions.Expect(page.Locator("td.name")).ToHaveTextAsync(["auto-new", "auto-old"]);
        await page.SelectOptionAsync("#hetzner-type", "");
        await Assertions.Expect(page.Locator("tr[data-snapshot-id]")).ToHaveCountAsync(5);

        await page.CheckAsync($"tr[data-snapshot-id='{one}'] input[type=checkbox]");
        await page.CheckAsync($"tr[data-snapshot-id='{two}'] input[type=checkbox]");
        await page.CheckAsync($"tr[data-snapshot-id='{locked}'] input[type=checkbox]");
        await page.ClickAsync("[data-testid=bulk-delete]");
        await Assertions.Expect(page.Locator("[data-testid=confirm-delete-list] li")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-testid=confirm-delete-protected]")).ToContainTextAsync("“locked”");
        await page.ClickAsync("[data-testid=confirm-delete] button.btn-danger");
        await Assertions.Expect(page.Locator("[data-testid=flash]")).ToContainTextAsync("Deleted: “one”, “two”.");
        await Assertions.Expect(page.Locator("tr[data-snapshot-id]")).ToHaveCountAsync(3);

        // Prune now shows the count first and deletes only after the second click.
        await page.ClickAsync("[data-testid=prune-now]");
        await Assertions.Expect(page.Locator("[data-testid=confirm-prune]")).ToContainTextAsync("Prune now deletes 1 automatic snapshot");
        Assert.Contains(hetzner.State.Images, i => i.Description == "auto-old");
        await page.ClickAsync("[data-testid=confirm-prune-button]");
        await Assertions.Expect(page.Locator("[data-testid=flash]")).ToContainTextAsync("Pruned: 1 deleted, 1 automatic kept, 0 failed.");
        Assert.DoesNotContain(hetzner.State.Images, i => i.Description == "auto-old");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "hetzner-snapshots-table.png"), FullPage = true });
    }

    /// <summary>Logs in, saves the simulator's token and reads the list on the Snapshots tab.</summary>
    private static async Task SaveTokenAndRefreshAsync(IPage page, string baseUrl, int rows)
    {
        await Browser.LogInAsync(page, baseUrl, PanelFactory.AdminUser, PanelFactory.AdminPassword);
        await page.GotoAsync(baseUrl + "/m/hetzner/settings");
        await page.FillAsync("#hetzner-token", SimulatorDefaults.ReadWriteToken);
        await page.ClickAsync("#api-token button[type=submit]");
        await Assertions.Expect(page.Locator("#api-token .alert-success")).ToBeVisibleAsync();
        await page.GotoAsync(baseUrl + "/m/hetzner/snapshots");
        await page.ClickAsync("#snapshots .card-header button");
        await Assertions.Expect(page.Locator("tr[data-snapshot-id]")).ToHaveCountAsync(rows);
    }
}
