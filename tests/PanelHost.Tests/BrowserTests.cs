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

        await Browser.SetUpAsync(page, baseUrl, factory.DataPath, "admin", "browser-test-password");

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
    [Fact]
    public async Task Account_page_changes_the_password_and_creates_and_revokes_a_key()
    {
        using var factory = new PanelFactory(new PanelFactoryOptions { Kestrel = true });
        factory.StartServer();
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync();

        await Browser.LogInAsync(page, baseUrl, PanelFactory.AdminUser, PanelFactory.AdminPassword);

        await page.ClickAsync(".topbar a.user");
        await Assertions.Expect(page).ToHaveURLAsync(baseUrl + "/account");
        await page.FillAsync("#current-password", PanelFactory.AdminPassword);
        await page.FillAsync("#new-password", "browser-new-password");
        await page.FillAsync("#confirm-password", "browser-new-password");
        await page.ClickAsync("#password button[type=submit]");
        await Assertions.Expect(page.GetByTestId("password-flash")).ToContainTextAsync("Password changed.");

        await page.FillAsync("#key-name", "nightly-backup");
        await page.ClickAsync("#api-keys button:has-text('Create key')");
        await Assertions.Expect(page.GetByTestId("new-key-value")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9a-f]{64}$"));
        await Assertions.Expect(page.GetByTestId("keys")).ToContainTextAsync("nightly-backup");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "account-page.png"), FullPage = true });

        await page.GotoAsync(baseUrl + "/account");
        await Assertions.Expect(page.GetByTestId("new-key")).ToHaveCountAsync(0);
        await page.Locator("tr", new() { HasText = "nightly-backup" }).GetByText("Revoke").ClickAsync();
        await page.ClickAsync("#api-keys button:has-text('Revoke')");
        await Assertions.Expect(page.GetByTestId("key-flash")).ToContainTextAsync("revoked");
        await Assertions.Expect(page.GetByTestId("keys")).Not.ToContainTextAsync("nightly-backup");

        await page.ClickAsync("button:has-text('Log out')");
        await Browser.LogInAsync(page, baseUrl, PanelFactory.AdminUser, "browser-new-password");
    }
}
