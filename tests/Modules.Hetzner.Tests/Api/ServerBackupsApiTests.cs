using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hetzner.Simulator;
using Modules.Hetzner.Tests.Support;

namespace Modules.Hetzner.Tests.Api;

/// <summary>Issue 13 §5 over the JSON API: GetServerBackups reads them, ChangeServerBackups switches them, a refusal is
/// a ProblemDetails with one sentence, and the settings carry the last reading.</summary>
public sealed class ServerBackupsApiTests
{
    [Fact]
    public async Task GetServerBackups_and_ChangeServerBackups_read_and_switch_Hetzner_Backups()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        simulator.State.ActionDuration = TimeSpan.FromMilliseconds(200);
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        (await client.PutAsJsonAsync("api/modules/hetzner/settings/token", new { token = SimulatorDefaults.ReadWriteToken })).EnsureSuccessStatusCode();

        using var before = JsonDocument.Parse(await client.GetStringAsync(new Uri("api/modules/hetzner/backups", UriKind.Relative)));
        using var missing = await client.PostAsJsonAsync("api/modules/hetzner/backups", new { });
        using var on = await client.PostAsJsonAsync("api/modules/hetzner/backups", new { enabled = true });
        simulator.State.InjectFault(new Fault(FaultKind.Locked423, "POST", "disable_backup"));
        using var locked = await client.PostAsJsonAsync("api/modules/hetzner/backups", new { enabled = false });
        using var settings = JsonDocument.Parse(await client.GetStringAsync(new Uri("api/modules/hetzner/settings", UriKind.Relative)));

        Assert.False(before.RootElement.GetProperty("enabled").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        on.EnsureSuccessStatusCode();
        using (var result = JsonDocument.Parse(await on.Content.ReadAsStringAsync()))
        {
            var r = result.RootElement;
            Assert.Equal((true, "22-02", 7, 0.90m, "EUR"),
                (r.GetProperty("enabled").GetBoolean(), r.GetProperty("window").GetString(), r.GetProperty("slots").GetInt32(),
                 r.GetProperty("monthlyCost").GetDecimal(), r.GetProperty("currency").GetString()));
        }

        Assert.Equal(HttpStatusCode.Conflict, locked.StatusCode);
        using (var problem = JsonDocument.Parse(await locked.Content.ReadAsStringAsync()))
        {
            Assert.StartsWith("Backups were not switched off: another action", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.True(settings.RootElement.GetProperty("backups").GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Without_Hetzners_price_list_the_card_shows_a_dash_for_the_cost_never_an_assumed_percentage()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        // /pricing never answers: the Backups are read, their price is not.
        simulator.State.InjectFault(new Fault(FaultKind.Locked423, "GET", "/v1/pricing", Count: 100));
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        (await client.PutAsJsonAsync("api/modules/hetzner/settings/token", new { token = SimulatorDefaults.ReadWriteToken })).EnsureSuccessStatusCode();
        using var read = JsonDocument.Parse(await client.GetStringAsync(new Uri("api/modules/hetzner/backups", UriKind.Relative)));

        var page = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("m/hetzner/settings", UriKind.Relative)));
        var posted = await PageTests.PostFormAsync(client, "m/hetzner/settings", "hetzner-backups", ("BackupsForm.Change", "on"));

        Assert.False(read.RootElement.GetProperty("enabled").GetBoolean());
        Assert.True(!read.RootElement.TryGetProperty("percentage", out var percentage) || percentage.ValueKind == JsonValueKind.Null);
        foreach (var card in new[] { BackupsCard(page), BackupsCard(posted) })
        {
            Assert.DoesNotContain("20%", card, StringComparison.Ordinal);
            Assert.Contains("title=\"Price not known yet: Hetzner's price list has not been read.\">–</span>", card, StringComparison.Ordinal);
        }
    }

    private static string BackupsCard(string page)
    {
        var start = page.IndexOf("data-testid=\"backups-card\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "The page has the Hetzner Backups card.");
        return page[start..page.IndexOf("</section>", start, StringComparison.Ordinal)];
    }
}
