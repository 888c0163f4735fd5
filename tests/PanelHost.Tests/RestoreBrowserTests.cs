extern alias simulator;

using Microsoft.Playwright;
using SeedImage = simulator::Hetzner.Simulator.SeedImage;
using SimulatorDefaults = simulator::Hetzner.Simulator.SimulatorDefaults;
using SimulatorHost = simulator::Hetzner.Simulator.SimulatorHost;

namespace PanelHost.Tests;

/// <summary>Issue 13 §4 in a real browser: from a snapshot row to a running new server, and the guarded rebuild.</summary>
public sealed class RestoreBrowserTests
{
    private sealed record Session(SimulatorHost Hetzner, PanelFactory Factory, BrowserSession Browser, IPage Page, string BaseUrl, List<string> ScriptErrors) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            Factory.Dispose();
            await Hetzner.DisposeAsync();
        }
    }

    private static async Task<Session> OpenSnapshotsAsync(ViewportSize? size = null)
    {
        var hetzner = await SimulatorHost.StartAsync();
        hetzner.State.ActionDuration = TimeSpan.FromMilliseconds(800);
        hetzner.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "release-1.0", DateTimeOffset.UtcNow.AddDays(-3)));
        var factory = new PanelFactory(new PanelFactoryOptions { Kestrel = true, ApiBaseUrl = hetzner.ApiBaseUrl, MetadataBaseUrl = hetzner.MetadataBaseUrl });
        factory.StartServer();
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var browser = await Browser.LaunchAsync();
        var page = size is null ? await browser.NewPageAsync() : await PageSweep.NewPageAsync(browser.Browser, size);
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await Browser.LogInAsync(page, baseUrl, PanelFactory.AdminUser, PanelFactory.AdminPassword);
        await page.GotoAsync(baseUrl + "/m/hetzner/settings");
        await page.FillAsync("#hetzner-token", SimulatorDefaults.ReadWriteToken);
        await page.ClickAsync("#api-token button[type=submit]");
        await Assertions.Expect(page.Locator("#api-token .alert-success")).ToBeVisibleAsync();
        await page.GotoAsync(baseUrl + "/m/hetzner/snapshots");
        await page.Locator("#snapshots .card-header button").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=flash]")).ToContainTextAsync("refreshed");
        return new Session(hetzner, factory, browser, page, baseUrl, errors);
    }

    [Fact]
    public async Task A_new_server_is_chosen_reviewed_and_followed_until_it_runs_also_on_a_phone()
    {
        await using var session = await OpenSnapshotsAsync(PageSweep.Phone);
        var page = session.Page;

        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Create server from snapshot “release-1.0”" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=price-table]")).ToContainTextAsync("8.09 EUR");
        Assert.Empty(await PageSweep.CheckCurrentAsync(page, "hetzner-restore-create"));
        await page.FillAsync("#hetzner-server-name", "upgrade-test");
        await page.SelectOptionAsync("#hetzner-server-type", "cx32");
        await page.SelectOptionAsync("#hetzner-location", "nbg1");
        await page.ClickAsync("[data-testid=review-button]");
        await Assertions.Expect(page.Locator("[data-testid=summary-price]")).ToHaveTextAsync("8.09 EUR a month (incl. VAT)");
        Assert.Empty(await PageSweep.CheckCurrentAsync(page, "hetzner-restore-summary"));

        await page.ClickAsync("[data-testid=create-server-button]");

        await Assertions.Expect(page.Locator("[data-testid=result-name]")).ToHaveTextAsync("upgrade-test", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=result-id]")).ToHaveTextAsync("44");
        await Assertions.Expect(page.Locator("[data-testid=result-ip]")).ToHaveTextAsync("203.0.113.12");
        Assert.Empty(await PageSweep.CheckCurrentAsync(page, "hetzner-restore-result"));
        Assert.Empty(session.ScriptErrors);
    }

    [Fact]
    public async Task A_name_Hetzner_says_is_taken_comes_back_beside_the_name_field_with_the_choices_kept_on_a_phone()
    {
        await using var session = await OpenSnapshotsAsync(PageSweep.Phone);
        var page = session.Page;

        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Create server from snapshot “release-1.0”" }).ClickAsync();
        // demo-worker is another server of the project: only Hetzner knows the name is taken.
        await page.FillAsync("#hetzner-server-name", "demo-worker");
        await page.SelectOptionAsync("#hetzner-server-type", "cx32");
        await page.SelectOptionAsync("#hetzner-location", "nbg1");
        await page.ClickAsync("[data-testid=review-button]");
        await page.ClickAsync("[data-testid=create-server-button]");

        var name = page.Locator("#hetzner-server-name");
        await Assertions.Expect(page.Locator("#hetzner-server-name-error")).ToHaveTextAsync(
            "A server named “demo-worker” already exists in the Hetzner project. Choose another name.");
        await Assertions.Expect(name).ToHaveValueAsync("demo-worker");
        await Assertions.Expect(name).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(name).ToHaveAttributeAsync("aria-describedby", "hetzner-server-name-error");
        await Assertions.Expect(page.Locator("#hetzner-server-type")).ToHaveValueAsync("cx32");
        await Assertions.Expect(page.Locator("#hetzner-location")).ToHaveValueAsync("nbg1");
        await Assertions.Expect(page.Locator("[data-testid=flash]")).ToHaveCountAsync(0);
        Assert.Empty(await PageSweep.CheckCurrentAsync(page, "hetzner-restore-taken-name"));
        Assert.Contains(session.Hetzner.State.Requests, r => r is { Method: "POST", PathAndQuery: "/v1/servers" } && r.Status >= 400);
        Assert.DoesNotContain(session.Hetzner.State.Requests, r => r is { Method: "POST", PathAndQuery: "/v1/servers", Status: 201 });
        Assert.Empty(session.ScriptErrors);
    }

    [Fact]
    public async Task A_rebuild_with_the_wrong_name_is_refused_beside_the_field_and_nothing_is_sent()
    {
        await using var session = await OpenSnapshotsAsync();
        var page = session.Page;

        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Rebuild this server from snapshot “release-1.0”" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=rebuild-warning]")).ToContainTextAsync("everything written to the server since that snapshot are lost");
        await page.FillAsync("#hetzner-confirm-name", "Demo-Server");
        await page.ClickAsync("[data-testid=rebuild-button]");

        await Assertions.Expect(page.Locator(".validation-message")).ToContainTextAsync("Type demo-server exactly");
        await Assertions.Expect(page.Locator("#hetzner-confirm-name")).ToHaveValueAsync("Demo-Server");
        Assert.DoesNotContain(session.Hetzner.State.Requests, r => r.PathAndQuery.Contains("rebuild", StringComparison.Ordinal) || r.PathAndQuery.Contains("create_image", StringComparison.Ordinal));
        Assert.Empty(session.ScriptErrors);
    }

    [Fact]
    public async Task A_rebuild_takes_a_fresh_snapshot_first_and_reports_the_outcome()
    {
        await using var session = await OpenSnapshotsAsync();
        var page = session.Page;

        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Rebuild this server from snapshot “release-1.0”" }).ClickAsync();
        await Assertions.Expect(page.Locator("#hetzner-fresh-snapshot")).ToBeCheckedAsync();
        await page.FillAsync("#hetzner-confirm-name", "demo-server");
        await page.ClickAsync("[data-testid=rebuild-button]");

        await Assertions.Expect(page.Locator("[data-testid=restore-result] .alert-success")).ToContainTextAsync("was rebuilt from snapshot", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-testid=restore-result]")).ToContainTextAsync("fresh snapshot");
        var requests = session.Hetzner.State.Requests.Select(r => r.PathAndQuery).ToList();
        Assert.True(requests.IndexOf("/v1/servers/42/actions/create_image") is >= 0 and var created && requests.IndexOf("/v1/servers/42/actions/rebuild") > created,
            "The fresh snapshot is requested before the rebuild.");
        Assert.Contains(session.Hetzner.State.Images, i => i.Description == "Before rebuild from release-1.0" && i.Status == "available");
        Assert.Empty(session.ScriptErrors);
    }
}
