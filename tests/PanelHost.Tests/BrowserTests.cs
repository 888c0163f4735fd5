using Microsoft.Playwright;

namespace PanelHost.Tests;

/// <summary>A real browser (Debian's headless chromium) against the real host on a loopback port.</summary>
public sealed class BrowserTests
{
    [Fact]
    public async Task First_run_setup_then_login_then_Hetzner_shows_both_tabs()
    {
        using var factory = new PanelFactory(new PanelFactoryOptions { Bootstrap = false, Kestrel = true });
        factory.StartServer();
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync();

        await page.GotoAsync(baseUrl + "/");
        Assert.EndsWith("/setup", page.Url, StringComparison.Ordinal);
        await page.FillAsync("#setup-user", "admin");
        await page.FillAsync("#setup-password", "browser-test-password");
        await page.FillAsync("#setup-confirm", "browser-test-password");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page).ToHaveURLAsync(baseUrl + "/");

        await page.ClickAsync("button:has-text('Log out')");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
        await page.FillAsync("#login-user", "admin");
        await page.FillAsync("#login-password", "wrong-password-here");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator(".alert-error")).ToContainTextAsync("wrong");

        await page.FillAsync("#login-user", "admin");
        await page.FillAsync("#login-password", "browser-test-password");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page).ToHaveURLAsync(baseUrl + "/");

        await page.ClickAsync(".sidebar >> text=Hetzner");
        await Assertions.Expect(page).ToHaveURLAsync(baseUrl + "/m/hetzner/settings");
        var tabs = page.Locator("nav.tabs a");
        await Assertions.Expect(tabs).ToHaveTextAsync(["Settings", "Snapshots"]);
        await Assertions.Expect(page.Locator("nav.tabs a.active")).ToHaveTextAsync("Settings");

        await tabs.Nth(1).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(baseUrl + "/m/hetzner/snapshots");
        await Assertions.Expect(page.Locator("nav.tabs a.active")).ToHaveTextAsync("Snapshots");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "hetzner-snapshots-tab.png"), FullPage = true });
    }
}
