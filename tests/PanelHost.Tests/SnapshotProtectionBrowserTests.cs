extern alias simulator;

using Microsoft.Playwright;
using SeedImage = simulator::Hetzner.Simulator.SeedImage;
using SimulatorDefaults = simulator::Hetzner.Simulator.SimulatorDefaults;
using SimulatorHost = simulator::Hetzner.Simulator.SimulatorHost;

namespace PanelHost.Tests;

/// <summary>Issue 13 §3 in a real browser: the row's "Keep forever" is busy while Hetzner answers, answers with a
/// flash after a redirect, and switches back.</summary>
public sealed class SnapshotProtectionBrowserTests
{
    [Fact]
    public async Task Keep_forever_switches_delete_protection_from_the_row()
    {
        await using var hetzner = await SimulatorHost.StartAsync();
        hetzner.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "release-1.0", DateTimeOffset.UtcNow.AddDays(-3)));
        using var factory = new PanelFactory(new PanelFactoryOptions { Kestrel = true, ApiBaseUrl = hetzner.ApiBaseUrl, MetadataBaseUrl = hetzner.MetadataBaseUrl });
        factory.StartServer();
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync();
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        await Browser.LogInAsync(page, baseUrl, PanelFactory.AdminUser, PanelFactory.AdminPassword);
        await page.GotoAsync(baseUrl + "/m/hetzner/settings");
        await page.FillAsync("#hetzner-token", SimulatorDefaults.ReadWriteToken);
        await page.ClickAsync("#api-token button[type=submit]");
        await Assertions.Expect(page.Locator("#api-token .alert-success")).ToBeVisibleAsync();
        await page.AddInitScriptAsync("window.addEventListener('submit', e => { const b = e.submitter; if (b) sessionStorage.setItem('pressed', [b.getAttribute('aria-busy'), b.disabled, b.textContent.trim()].join('|')); });");
        await page.GotoAsync(baseUrl + "/m/hetzner/snapshots");
        await page.Locator("#snapshots .card-header button").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=flash]")).ToContainTextAsync("refreshed");

        var row = page.Locator("tr[data-snapshot-id]", new PageLocatorOptions { HasText = "release-1.0" });
        await row.Locator("[data-testid=keep-forever]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=flash]")).ToContainTextAsync("Snapshot “release-1.0” is kept forever");
        Assert.Equal("true|true|Protecting at Hetzner…", await page.EvaluateAsync<string>("() => sessionStorage.getItem('pressed')"));
        Assert.True(hetzner.State.Images.Single().DeleteProtected);
        await Assertions.Expect(row.Locator(".badge", new LocatorLocatorOptions { HasText = "Protected" })).ToBeVisibleAsync();
        await Assertions.Expect(row.Locator("[data-testid=keep-forever]")).ToHaveTextAsync("Stop keeping forever");

        await row.Locator("[data-testid=keep-forever]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=flash]")).ToContainTextAsync("Delete protection of snapshot “release-1.0” is off");
        Assert.False(hetzner.State.Images.Single().DeleteProtected);
        await Assertions.Expect(row.Locator("[data-testid=keep-forever]")).ToHaveTextAsync("Keep forever");
        Assert.Empty(scriptErrors);
    }
}
