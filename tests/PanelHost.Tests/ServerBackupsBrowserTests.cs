extern alias simulator;

using Microsoft.Playwright;
using SeedImage = simulator::Hetzner.Simulator.SeedImage;
using SimulatorDefaults = simulator::Hetzner.Simulator.SimulatorDefaults;
using SimulatorHost = simulator::Hetzner.Simulator.SimulatorHost;

namespace PanelHost.Tests;

/// <summary>Issue 13 §5 in a real browser on a phone-sized window: the Settings tab's Hetzner Backups card shows them
/// on with their window, slots and cost beside the panel's snapshots, and switches them off only after a confirmation
/// that says Hetzner deletes its backups.</summary>
public sealed class ServerBackupsBrowserTests
{
    [Fact]
    public async Task The_card_shows_Backups_on_and_switches_them_off_after_the_confirmation()
    {
        await using var hetzner = await SimulatorHost.StartAsync();
        hetzner.State.ActionDuration = TimeSpan.FromMilliseconds(500);
        hetzner.State.ChangeBackups(SimulatorDefaults.DemoServerId, enabled: true);
        hetzner.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "backup one", DateTimeOffset.UtcNow.AddDays(-2), Type: "backup"));
        hetzner.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "backup two", DateTimeOffset.UtcNow.AddDays(-1), Type: "backup"));
        using var factory = new PanelFactory(new PanelFactoryOptions { Kestrel = true, ApiBaseUrl = hetzner.ApiBaseUrl, MetadataBaseUrl = hetzner.MetadataBaseUrl });
        factory.StartServer();
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        await using var browser = await Browser.LaunchAsync();
        var page = await PageSweep.NewPageAsync(browser.Browser, PageSweep.Phone);
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        await Browser.LogInAsync(page, baseUrl, PanelFactory.AdminUser, PanelFactory.AdminPassword);
        await page.GotoAsync(baseUrl + "/m/hetzner/settings");
        await page.FillAsync("#hetzner-token", SimulatorDefaults.ReadWriteToken);
        await page.ClickAsync("#api-token button[type=submit]");
        await Assertions.Expect(page.Locator("#api-token .alert-success")).ToBeVisibleAsync();
        var card = page.GetByTestId("backups-card");

        await card.GetByTestId("backups-check").ClickAsync();

        await Assertions.Expect(card.GetByTestId("backups-flash")).ToHaveTextAsync("Read from Hetzner: Backups are on.");
        await Assertions.Expect(card.GetByTestId("backups-status")).ToContainTextAsync("On for server demo-server: a backup every day between 22:00 and 02:00 UTC, the last 7 kept.");
        await Assertions.Expect(card.GetByTestId("backups-figures")).ToContainTextAsync("2 of 7");
        await Assertions.Expect(card.GetByTestId("backups-figures")).ToContainTextAsync("0.90 EUR");
        await Assertions.Expect(card.GetByTestId("backups-price")).ToHaveTextAsync("20% of the server's 4.51 EUR a month (gross, from Hetzner's price list).");
        await Assertions.Expect(card.GetByTestId("backups-comparison")).ToContainTextAsync("Deleted with it.");
        Assert.Empty(await PageSweep.CheckCurrentAsync(page, "hetzner-backups-on"));

        // A backup taken since that reading: the confirmation counts what Hetzner holds when it asks.
        hetzner.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "backup three", DateTimeOffset.UtcNow, Type: "backup"));
        await card.GetByTestId("backups-off").ClickAsync();

        var confirm = card.GetByTestId("backups-confirm");
        await Assertions.Expect(confirm).ToContainTextAsync("Hetzner deletes all 3 of its backups at once; they cannot be brought back.");
        Assert.Equal(3, hetzner.State.Images.Count(i => i.Type == "backup"));
        Assert.Empty(await PageSweep.CheckCurrentAsync(page, "hetzner-backups-confirm"));

        await confirm.GetByTestId("backups-confirm-button").ClickAsync();

        await Assertions.Expect(card.GetByTestId("backups-flash")).ToContainTextAsync("Hetzner Backups are off, and Hetzner deleted the server's backups.");
        await Assertions.Expect(card.GetByTestId("backups-status")).ToContainTextAsync("Off for server demo-server.");
        await Assertions.Expect(card.GetByTestId("backups-on")).ToBeVisibleAsync();
        Assert.DoesNotContain(hetzner.State.Images, i => i.Type == "backup");
        Assert.Empty(scriptErrors);
    }
}
