extern alias simulator;

using System.Globalization;
using Microsoft.Playwright;
using SeedImage = simulator::Hetzner.Simulator.SeedImage;
using SimulatorDefaults = simulator::Hetzner.Simulator.SimulatorDefaults;
using SimulatorHost = simulator::Hetzner.Simulator.SimulatorHost;

namespace PanelHost.Tests;

/// <summary>Issue 13 §1 in a real browser: the calendar fields follow "What this means", a bad time zone is refused
/// at its field, the saved rules come back, and the Snapshots tab names the rule that keeps each snapshot.</summary>
public sealed class CalendarRetentionBrowserTests
{
    [Fact]
    public async Task Calendar_rules_are_forecast_validated_saved_and_named_in_the_preview()
    {
        await using var hetzner = await SimulatorHost.StartAsync();
        var now = DateTimeOffset.UtcNow;
        hetzner.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "auto-new", now.AddHours(-1), AutomaticLabels()));
        hetzner.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "auto-old", now.AddDays(-45), AutomaticLabels()));
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

        // Defaults: calendar rules off, UTC; twice a day for 7 days keeps 14. The rules raise the forecast live.
        Assert.Equal(["0", "0", "0", "UTC"], await Values(page));
        var kept = page.Locator("[data-testid=settings-summary] .stat:has-text('kept at steady state') .stat-value");
        await Assertions.Expect(kept).ToHaveTextAsync("14");
        await page.FillAsync("#hetzner-keep-daily", "7");
        await page.FillAsync("#hetzner-keep-weekly", "4");
        await page.FillAsync("#hetzner-keep-monthly", "12");
        await Assertions.Expect(kept).Not.ToHaveTextAsync("14");
        // 14 + 2 older weeks + up to 11 older months: the exact figure depends on where today falls in its week and
        // month (SettingsSummaryTests pins it for a fixed date).
        Assert.InRange(int.Parse(await kept.TextContentAsync() ?? "", CultureInfo.InvariantCulture), 14 + 2 + 8, 14 + 3 + 11);

        await page.FillAsync("#hetzner-time-zone", "Mars/Olympus_Mons");
        await page.ClickAsync("#snapshot-settings .card-footer button[type=submit]");
        await Assertions.Expect(page.Locator("#snapshot-settings .validation-message"))
            .ToContainTextAsync("Time zone “Mars/Olympus_Mons” is not an IANA time zone this server knows");
        Assert.Equal("Mars/Olympus_Mons", await page.InputValueAsync("#hetzner-time-zone"));
        await page.GotoAsync(baseUrl + "/m/hetzner/settings");
        Assert.Equal(["0", "0", "0", "UTC"], await Values(page));

        await page.FillAsync("#hetzner-keep-daily", "7");
        await page.FillAsync("#hetzner-keep-weekly", "4");
        await page.FillAsync("#hetzner-keep-monthly", "12");
        await page.FillAsync("#hetzner-time-zone", "Europe/Berlin");
        await page.ClickAsync("#snapshot-settings .card-footer button[type=submit]");
        await Assertions.Expect(page.Locator("[data-testid=schedule-flash]")).ToContainTextAsync("The snapshot settings were saved.");
        Assert.Equal(["7", "4", "12", "Europe/Berlin"], await Values(page));

        // The 45-day-old snapshot is past the 7 days and kept only as its month's newest.
        await page.GotoAsync(baseUrl + "/m/hetzner/snapshots");
        var berlin = TimeZoneInfo.ConvertTime(now.AddDays(-45), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        var old = page.Locator("[data-testid=prune-preview] tr", new PageLocatorOptions { HasText = "auto-old" });
        await Assertions.Expect(old.Locator("[data-testid=keep-reasons]"))
            .ToContainTextAsync("monthly " + berlin.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("[data-testid=prune-preview] tr", new PageLocatorOptions { HasText = "auto-new" }).Locator("[data-reason='newest 1']"))
            .ToBeVisibleAsync();
        Assert.Empty(scriptErrors);
    }

    private static async Task<string[]> Values(IPage page) =>
    [
        await page.InputValueAsync("#hetzner-keep-daily"),
        await page.InputValueAsync("#hetzner-keep-weekly"),
        await page.InputValueAsync("#hetzner-keep-monthly"),
        await page.InputValueAsync("#hetzner-time-zone"),
    ];

    private static Dictionary<string, string> AutomaticLabels() => new()
    {
        ["managed-by"] = "panelhost",
        ["panelhost.io/schedule"] = "auto",
        ["panelhost.io/server"] = SimulatorDefaults.DemoServerId.ToString(CultureInfo.InvariantCulture),
    };
}
