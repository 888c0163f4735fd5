extern alias simulator;

using Microsoft.Playwright;
using SimulatorHost = simulator::Hetzner.Simulator.SimulatorHost;
using SimulatorDefaults = simulator::Hetzner.Simulator.SimulatorDefaults;
using SeedImage = simulator::Hetzner.Simulator.SeedImage;

namespace PanelHost.Tests;

/// <summary>
/// The admin's whole Hetzner journey in a real browser: the real host, the real published module from the plugins
/// folder, and the Hetzner API simulator over loopback.
/// </summary>
public sealed class HetznerBrowserTests
{
    [Fact]
    public async Task Save_token_and_settings_create_a_snapshot_watch_it_become_available_then_delete_one()
    {
        await using var hetzner = await SimulatorHost.StartAsync();
        hetzner.State.ActionDuration = TimeSpan.FromSeconds(4);
        var manualId = hetzner.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "before-upgrade", DateTimeOffset.UtcNow.AddDays(-2)));
        using var factory = new PanelFactory(new PanelFactoryOptions
        {
            Kestrel = true,
            ApiBaseUrl = hetzner.ApiBaseUrl,
            MetadataBaseUrl = hetzner.MetadataBaseUrl,
        });
        factory.StartServer();
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync();

        await Browser.LogInAsync(page, baseUrl, PanelFactory.AdminUser, PanelFactory.AdminPassword);

        // Settings: a read-only token is refused with its own sentence, the read-write one is saved and shown masked.
        await page.ClickAsync(".sidebar >> text=Hetzner");
        await Assertions.Expect(page).ToHaveURLAsync(baseUrl + "/m/hetzner/settings");
        await page.FillAsync("#hetzner-token", SimulatorDefaults.ReadOnlyToken);
        await page.ClickAsync("#api-token button[type=submit]");
        await Assertions.Expect(page.Locator("#api-token .validation-message")).ToContainTextAsync("read-only");

        await page.FillAsync("#hetzner-token", SimulatorDefaults.ReadWriteToken);
        await page.ClickAsync("#api-token button[type=submit]");
        await Assertions.Expect(page.Locator("#api-token .alert-success")).ToBeVisibleAsync();
        var mask = await page.Locator("[data-testid=token-mask]").InnerTextAsync();
        Assert.DoesNotContain(SimulatorDefaults.ReadWriteToken, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Contains(SimulatorDefaults.ReadWriteToken[^4..], mask, StringComparison.Ordinal);

        await page.CheckAsync("#hetzner-enabled");
        await page.SelectOptionAsync("#hetzner-frequency", "6");
        await page.SelectOptionAsync("#hetzner-retention", "7");
        await page.FillAsync("#hetzner-keep", "2");
        await page.ClickAsync("#snapshot-settings button[type=submit]");
        await Assertions.Expect(page.Locator("#snapshot-settings .alert-success")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=settings-summary]")).ToContainTextAsync("4");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("hetzner-settings.png"), FullPage = true });

        // Enabling the schedule with no automatic snapshot yet makes one due at once: the tab follows it live.
        await page.ClickAsync("nav.tabs >> text=Snapshots");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(baseUrl + "/m/hetzner/snapshots")));
        await Assertions.Expect(page.Locator($"tr[data-snapshot-id='{manualId}']")).ToBeVisibleAsync();
        var automatic = page.Locator("tr[data-snapshot-id]:has(.badge:text-is(\"Auto\"))");
        await Assertions.Expect(automatic.Locator(".badge").First).ToHaveTextAsync("available", new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=operation]")).ToHaveCountAsync(0);

        // A manual one, with the pre-filled server name, watched until available without a manual reload.
        await page.ClickAsync("[data-testid=create-snapshot] summary");
        Assert.Equal(SimulatorDefaults.DemoServerName, await page.InputValueAsync("#hetzner-snapshot-name"));
        await page.FillAsync("#hetzner-snapshot-name", "browser-made");
        await page.ClickAsync("[data-testid=create-snapshot] button[type=submit]");
        await Assertions.Expect(page.Locator("[data-testid=operation]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("hetzner-snapshot-progress.png"), FullPage = true });

        var created = page.Locator("tr[data-snapshot-id]", new PageLocatorOptions { HasText = "browser-made" });
        await Assertions.Expect(created.Locator(".badge").First).ToHaveTextAsync("available", new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });
        Assert.Single(hetzner.State.Images, i => i.Description == "browser-made");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("hetzner-snapshots.png"), FullPage = true });

        // Delete the manual snapshot, through the confirmation.
        await page.Locator($"tr[data-snapshot-id='{manualId}'] >> text=Delete").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=confirm-delete]")).ToContainTextAsync("before-upgrade");
        await page.ClickAsync("[data-testid=confirm-delete] button.btn-danger");
        await Assertions.Expect(page.Locator($"tr[data-snapshot-id='{manualId}']")).ToHaveCountAsync(0);
        Assert.DoesNotContain(hetzner.State.Images, i => i.Id == manualId);

        // The Events page shows what happened, with the token masked.
        await page.ClickAsync(".sidebar >> text=Events");
        var events = await page.Locator("#events").InnerTextAsync();
        Assert.Contains("HETZNER_API_TOKEN_UPDATE", events, StringComparison.Ordinal);
        Assert.Contains("HETZNER_SNAPSHOT_CREATE", events, StringComparison.Ordinal);
        Assert.Matches(@"admin\s+hetzner\s+HETZNER_SNAPSHOT_CREATE_REQUEST", events);
        Assert.Contains("HETZNER_SNAPSHOT_DELETE", events, StringComparison.Ordinal);
        Assert.DoesNotContain(SimulatorDefaults.ReadWriteToken, events, StringComparison.Ordinal);
    }

    private static string Screenshot(string name) => Path.Combine(AppContext.BaseDirectory, "screenshots", name);
}
