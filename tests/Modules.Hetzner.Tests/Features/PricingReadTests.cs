using Hetzner.Simulator;
using Microsoft.Extensions.Time.Testing;
using Modules.Hetzner.Tests.Support;
using Panel.Modules.Hetzner.Features.GetRestoreChoices;
using Panel.Modules.Hetzner.Features.GetServerBackups;
using Panel.Modules.Hetzner.Features.GetSettings;
using Panel.Modules.Hetzner.Features.RefreshSnapshots;

namespace Modules.Hetzner.Tests.Features;

/// <summary>Issue 13 review: Hetzner's price list is read once into one model and one cache, which the snapshot price,
/// the Backups cost and the restore choices all take their prices from.</summary>
public sealed class PricingReadTests
{
    [Fact]
    public async Task The_daily_pass_the_restore_choices_and_a_Backups_check_within_the_cache_lifetime_read_pricing_once()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        var snapshot = simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "before-upgrade"));
        await module.SaveTokenAsync();

        // The first refresh is the daily pass: the snapshot price, the server and its Backups (with their price).
        await module.SendAsync(new RefreshSnapshotsCommand());
        var choices = await module.SendAsync(new GetRestoreChoicesQuery(snapshot));
        var backups = await module.SendAsync(new GetServerBackupsQuery());
        var settings = await module.SendAsync(new GetSettingsQuery());

        Assert.Equal(1, PricingReads(simulator));
        // Each took its figures from that one reading.
        Assert.Equal(4.5101m, choices.MonthlyPrice("cx22", "fsn1"));
        Assert.Equal((0.90m, 4.5101m, 20m, "EUR"), (backups.MonthlyCost, backups.ServerMonthlyPrice, backups.Percentage, backups.Currency));
        Assert.Equal((0.90m, "EUR"), (settings.Backups.MonthlyCost, settings.Backups.Currency));

        time.Advance(TimeSpan.FromMinutes(16));
        await module.SendAsync(new GetRestoreChoicesQuery(snapshot));
        await module.SendAsync(new GetServerBackupsQuery());

        Assert.Equal(2, PricingReads(simulator));
    }

    private static int PricingReads(SimulatorHost simulator) =>
        simulator.State.Requests.Count(r => r is { Method: "GET", PathAndQuery: "/v1/pricing" });
}
