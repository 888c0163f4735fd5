using Microsoft.Playwright;

namespace PanelHost.Tests;

/// <summary>The Account page's Copy key button in a real browser: the clipboard holds the new key, and a reload
/// neither creates a second key nor shows this one again (post/redirect/get).</summary>
public sealed class CopyKeyBrowserTests
{
    [Fact]
    public async Task Copy_key_puts_the_new_key_on_the_clipboard_and_a_reload_does_not_post_again()
    {
        using var factory = new PanelFactory(new PanelFactoryOptions { Kestrel = true });
        factory.StartServer();
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        await using var browser = await Browser.LaunchAsync();
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = PageSweep.Phone,
            Permissions = ["clipboard-read", "clipboard-write"],
        });
        var page = await context.NewPageAsync();
        await Browser.LogInAsync(page, baseUrl, PanelFactory.AdminUser, PanelFactory.AdminPassword);

        await page.GotoAsync(baseUrl + "/account");
        await page.FillAsync("#key-name", "copy-me");
        await page.ClickAsync("#api-keys button:has-text('Create key')");
        var key = await page.GetByTestId("new-key-value").InnerTextAsync();
        Assert.Matches("^[0-9a-f]{64}$", key);

        await page.GetByTestId("copy-key").ClickAsync();
        await Assertions.Expect(page.Locator("[data-copy-status]")).ToHaveTextAsync("Copied to the clipboard.");
        Assert.Equal(key, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        Assert.Empty(await PageSweep.CheckCurrentAsync(page, "account-new-key"));

        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("new-key")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("keys").Locator("tr", new() { HasText = "copy-me" })).ToHaveCountAsync(1);
        await context.CloseAsync();
    }
}
