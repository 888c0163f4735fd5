extern alias simulator;

using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Panel.Contracts;
using SeedImage = simulator::Hetzner.Simulator.SeedImage;
using SimulatorDefaults = simulator::Hetzner.Simulator.SimulatorDefaults;
using SimulatorHost = simulator::Hetzner.Simulator.SimulatorHost;

namespace PanelHost.Tests;

/// <summary>
/// Every page at 1440×900 and 390×844 (issue 11): nothing wider than the window, 0 serious or critical axe
/// violations, a screenshot of each kept under <c>artifacts/ui/</c>; and the phone menu opens and closes.
/// </summary>
public sealed class ResponsivePagesTests
{
    private static readonly ViewportSize[] Sizes = [PageSweep.Desktop, PageSweep.Phone];

    [Fact]
    public async Task Setup_page_fits_both_sizes_and_passes_axe()
    {
        using var factory = new PanelFactory(new PanelFactoryOptions { Bootstrap = false, Kestrel = true });
        factory.StartServer();
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        await using var browser = await Browser.LaunchAsync();
        var problems = new List<string>();
        foreach (var size in Sizes)
        {
            var page = await PageSweep.NewPageAsync(browser.Browser, size);
            problems.AddRange(await PageSweep.CheckAsync(page, baseUrl + "/setup", "setup"));
            await page.Context.CloseAsync();
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task Every_admin_page_fits_both_sizes_and_passes_axe()
    {
        await using var hetzner = await SimulatorHost.StartAsync();
        for (var i = 0; i < 72; i++)
        {
            hetzner.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, $"before-upgrade-{i:00}-{new string('x', i % 3 * 12)}", DateTimeOffset.UtcNow.AddHours(-6 * i)));
        }

        using var factory = new PanelFactory(new PanelFactoryOptions { Kestrel = true, ApiBaseUrl = hetzner.ApiBaseUrl, MetadataBaseUrl = hetzner.MetadataBaseUrl });
        factory.StartServer();
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        using (var api = factory.CreateApiClient())
        {
            api.BaseAddress = factory.ClientOptions.BaseAddress;
            using var saved = await api.PutAsJsonAsync(new Uri("/api/modules/hetzner/settings/token", UriKind.Relative), new { token = SimulatorDefaults.ReadWriteToken });
            saved.EnsureSuccessStatusCode();
        }

        await factory.Services.GetRequiredService<IAdminNotifier>().RaiseAsync(
            new AdminNotification("hetzner", NotificationSeverity.Critical, "Creating a snapshot failed", "The automatic snapshot \"web-1-2026-11-30T12:00:00Z\" failed: Hetzner refused the request. The next scheduled run tries again."));

        await using var browser = await Browser.LaunchAsync();
        var problems = new List<string>();
        (string Path, string Name)[] pages =
        [
            ("/", "dashboard"),
            ("/m/hetzner/settings", "hetzner-settings"),
            ("/m/hetzner/snapshots", "hetzner-snapshots"),
            ("/events", "events"),
            ("/notifications", "notifications"),
            ("/alerts", "alerts"),
            ("/account", "account"),
            ("/modules", "modules"),
            ("/no-such-page", "not-found"),
        ];
        foreach (var size in Sizes)
        {
            var page = await PageSweep.NewPageAsync(browser.Browser, size);
            problems.AddRange(await PageSweep.CheckAsync(page, baseUrl + "/login", "login"));
            await Browser.LogInAsync(page, baseUrl, PanelFactory.AdminUser, PanelFactory.AdminPassword);
            foreach (var (path, name) in pages)
            {
                problems.AddRange(await PageSweep.CheckAsync(page, baseUrl + path, name));
            }

            await page.Context.CloseAsync();
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task On_a_phone_the_menu_is_collapsed_behind_a_button_that_opens_it()
    {
        using var factory = new PanelFactory(new PanelFactoryOptions { Kestrel = true });
        factory.StartServer();
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        await using var browser = await Browser.LaunchAsync();
        var page = await PageSweep.NewPageAsync(browser.Browser, PageSweep.Phone);
        await Browser.LogInAsync(page, baseUrl, PanelFactory.AdminUser, PanelFactory.AdminPassword);

        var button = page.Locator(".menu-button");
        await Assertions.Expect(button).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#main-menu")).ToBeHiddenAsync();
        await button.ClickAsync();
        await Assertions.Expect(button).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(page.Locator("#main-menu")).ToBeVisibleAsync();
        Assert.Empty(await PageSweep.CheckCurrentAsync(page, "dashboard-menu-open"));
        await page.Locator("#main-menu").GetByText("Events").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(baseUrl + "/events");

        // On a desktop the menu is always there and the button is not.
        await page.SetViewportSizeAsync(PageSweep.Desktop.Width, PageSweep.Desktop.Height);
        await Assertions.Expect(button).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#main-menu")).ToBeVisibleAsync();
    }
}
