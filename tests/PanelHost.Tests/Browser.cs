using Microsoft.Playwright;

namespace PanelHost.Tests;

/// <summary>Launches Debian's chromium; Playwright's own browser download is never used.</summary>
public static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static async Task<BrowserSession> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run the README's test command, which installs Debian's chromium.");
        }

        // A cold host renders its first pages slowly on a loaded two-core machine; 5 s (the default) is too tight.
        Assertions.SetDefaultExpectTimeout(15_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new BrowserSession(playwright, browser);
    }

    /// <summary>First-run setup through the setup form, with the code from the data folder; waits for the dashboard.</summary>
    public static async Task SetUpAsync(IPage page, string baseUrl, string dataPath, string userName, string password)
    {
        await page.GotoAsync(baseUrl + "/");
        await Assertions.Expect(page).ToHaveURLAsync(baseUrl + "/setup");
        await page.FillAsync("#setup-code", await FirstRun.SetupCodeAsync(dataPath));
        await page.FillAsync("#setup-user", userName);
        await page.FillAsync("#setup-password", password);
        await page.FillAsync("#setup-confirm", password);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page).ToHaveURLAsync(baseUrl + "/");
    }

    /// <summary>Logs in through the login form and waits for the dashboard.</summary>
    public static async Task LogInAsync(IPage page, string baseUrl, string userName, string password)
    {
        await page.GotoAsync(baseUrl + "/login");
        await page.FillAsync("#login-user", userName);
        await page.FillAsync("#login-password", password);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page).ToHaveURLAsync(baseUrl + "/");
    }
}

public sealed class BrowserSession(IPlaywright playwright, IBrowser browser) : IAsyncDisposable
{
    public IBrowser Browser => browser;

    /// <param name="ignoreHttpsErrors">Accept the panel's self-signed certificate (as an admin does after comparing its fingerprint).</param>
    /// <param name="timezoneId">The browser's time zone (IANA id), for pages that show local times; the machine's when null.</param>
    public async Task<IPage> NewPageAsync(bool ignoreHttpsErrors = false, string? timezoneId = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            IgnoreHTTPSErrors = ignoreHttpsErrors,
            TimezoneId = timezoneId,
            Locale = timezoneId is null ? null : "en-GB",
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await browser.CloseAsync();
        playwright.Dispose();
    }
}
