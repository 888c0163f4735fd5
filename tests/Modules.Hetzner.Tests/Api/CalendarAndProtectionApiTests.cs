using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hetzner.Simulator;
using Modules.Hetzner.Tests.Support;

namespace Modules.Hetzner.Tests.Api;

/// <summary>Issue 13 §1 and §3 over the JSON API: the settings endpoints carry the calendar rules, the preview names
/// the reasons, and ChangeSnapshotProtection switches keep-forever.</summary>
public sealed class CalendarAndProtectionApiTests
{
    [Fact]
    public async Task The_schedule_endpoints_carry_the_calendar_rules_and_the_preview_names_the_reasons()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        var created = DateTimeOffset.UtcNow.AddMinutes(-30);
        simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "auto-now", created, Auto.Labels($"{SimulatorDefaults.DemoServerId}")));
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        (await client.PutAsJsonAsync("api/modules/hetzner/settings/token", new { token = SimulatorDefaults.ReadWriteToken })).EnsureSuccessStatusCode();
        (await client.PostAsync(new Uri("api/modules/hetzner/snapshots/refresh", UriKind.Relative), null)).EnsureSuccessStatusCode();

        using var bad = await client.PutAsJsonAsync("api/modules/hetzner/settings/schedule",
            new { enabled = false, frequencyHours = 24, retentionDays = 7, keepNewest = 1, keepDaily = -1, timeZone = "Mars/Base" });
        using var saved = await client.PutAsJsonAsync("api/modules/hetzner/settings/schedule",
            new { enabled = false, frequencyHours = 24, retentionDays = 7, keepNewest = 1, keepDaily = 7, keepWeekly = 4, keepMonthly = 12, timeZone = "Asia/Tokyo" });
        using var settings = JsonDocument.Parse(await client.GetStringAsync(new Uri("api/modules/hetzner/settings", UriKind.Relative)));
        using var preview = JsonDocument.Parse(await client.GetStringAsync(new Uri("api/modules/hetzner/prune/preview", UriKind.Relative)));

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using (var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()))
        {
            Assert.Equal(["keepDaily", "timeZone"], problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        }

        saved.EnsureSuccessStatusCode();
        var schedule = settings.RootElement.GetProperty("schedule");
        Assert.Equal((7, 4, 12, "Asia/Tokyo"), (schedule.GetProperty("keepDaily").GetInt32(), schedule.GetProperty("keepWeekly").GetInt32(),
            schedule.GetProperty("keepMonthly").GetInt32(), schedule.GetProperty("timeZone").GetString()));
        var local = TimeZoneInfo.ConvertTime(created, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        var week = System.Globalization.ISOWeek.GetWeekOfYear(local.DateTime);
        var reasons = preview.RootElement.GetProperty("keep").EnumerateArray().Single().GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Equal(
            [$"monthly {local:yyyy-MM}", $"weekly {System.Globalization.ISOWeek.GetYear(local.DateTime)}-W{week:00}", $"daily {local:yyyy-MM-dd}", "newest 1", "younger than 7 days"],
            reasons);
        Assert.Equal("Asia/Tokyo", preview.RootElement.GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task ChangeSnapshotProtection_switches_keep_forever_and_refuses_a_body_without_the_field()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        var id = simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "release"));
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        (await client.PutAsJsonAsync("api/modules/hetzner/settings/token", new { token = SimulatorDefaults.ReadWriteToken })).EnsureSuccessStatusCode();
        (await client.PostAsync(new Uri("api/modules/hetzner/snapshots/refresh", UriKind.Relative), null)).EnsureSuccessStatusCode();

        using var missing = await client.PostAsJsonAsync($"api/modules/hetzner/snapshots/{id}/protection", new { });
        using var on = await client.PostAsJsonAsync($"api/modules/hetzner/snapshots/{id}/protection", new { delete = true });

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        on.EnsureSuccessStatusCode();
        using var result = JsonDocument.Parse(await on.Content.ReadAsStringAsync());
        Assert.True(result.RootElement.GetProperty("deleteProtected").GetBoolean());
        Assert.True(simulator.State.Images.Single().DeleteProtected);
    }
}
