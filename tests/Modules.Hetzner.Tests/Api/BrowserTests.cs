using Hetzner.Simulator;
using Microsoft.Playwright;
using Modules.Hetzner.Tests.Support;

namespace Modules.Hetzner.Tests.Api;

/// <summary>The two tabs in Debian's headless chromium, with the background worker and the progress script running.</summary>
public sealed class BrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [Fact]
    public async Task Save_token_and_settings_then_create_a_snapshot_watch_it_become_available_and_delete_it()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        simulator.State.ActionDuration = TimeSpan.FromSeconds(2);
        await using var panel = await PanelTestHost.StartAsync(simulator, runWorker: true);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(15_000);

        await page.GotoAsync(new Uri(panel.BaseUri, "m/hetzner/settings").ToString());
        await page.FillAsync("#hetzner-token", SimulatorDefaults.ReadWriteToken);
        await page.ClickAsync("#api-token button[type=submit]");
        await Assertions.Expect(page.GetByTestId("token-mask")).ToContainTextAsync("hclo••••••••6789");

        await page.SelectOptionAsync("#hetzner-frequency", "24");
        await page.SelectOptionAsync("#hetzner-retention", "14");
        await page.ClickAsync("#snapshot-settings button[type=submit]");
        await Assertions.Expect(page.Locator("#snapshot-settings .alert-success")).ToHaveTextAsync("The snapshot settings were saved.");
        await Assertions.Expect(page.GetByTestId("settings-summary")).ToContainTextAsync("14");

        await page.GotoAsync(new Uri(panel.BaseUri, "m/hetzner/snapshots").ToString());
        await page.ClickAsync("[data-testid=create-snapshot] summary");
        await page.FillAsync("#hetzner-snapshot-name", "browser-snapshot");
        await page.ClickAsync("[data-testid=create-snapshot] button[type=submit]");
        await Assertions.Expect(page.GetByTestId("operation")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("flash")).ToHaveTextAsync("Snapshot “browser-snapshot” is available.");
        var row = page.Locator("[data-testid=snapshot-table] tr", new() { HasText = "browser-snapshot" });
        await Assertions.Expect(row).ToContainTextAsync("available");

        await row.GetByText("Delete").ClickAsync();
        await page.ClickAsync("[data-testid=confirm-delete] button.btn-danger");
        await Assertions.Expect(page.GetByTestId("flash")).ToHaveTextAsync("Snapshot “browser-snapshot” was deleted.");
        Assert.Empty(simulator.State.Images);
    }
}
