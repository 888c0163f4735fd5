using Hetzner.Simulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Modules.Hetzner.Tests.Support;
using Panel.Contracts;
using Panel.Modules.Hetzner.Features.SaveSnapshotSettings;
using Panel.Modules.Hetzner.Watchdog;

namespace Modules.Hetzner.Tests.Features;

/// <summary>The Dashboard card the module contributes (contract 1.1): its figures, and red when backups are not healthy.</summary>
public sealed class DashboardCardTests
{
    [Fact]
    public async Task Without_a_token_the_card_asks_for_one()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);

        var card = await CardAsync(module);

        Assert.Equal(DashboardCardState.Warning, card.State);
        Assert.Contains("No API token", card.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_successful_run_makes_the_card_healthy_with_its_figures_and_links()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "manual-old", FakeClock.Start.AddDays(-3)));
        await EnableAsync(module, frequencyHours: 6);

        await time.DriveAsync(module.RunSchedulerPassAsync());
        var card = await CardAsync(module);

        Assert.Equal(DashboardCardState.Healthy, card.State);
        Assert.Equal("/m/hetzner/snapshots", card.Link);
        var facts = card.Facts.ToDictionary(f => f.Label);
        Assert.StartsWith("succeeded", facts["Result"].Value, StringComparison.Ordinal);
        Assert.NotNull(facts["Last automatic run"].Time);
        Assert.Equal(FakeClock.Start.AddHours(6), facts["Next run"].Time);
        Assert.Equal("2", facts["Snapshots"].Value);
        Assert.EndsWith(" GB", facts["Total size"].Value, StringComparison.Ordinal);
        Assert.Contains("Monthly cost", facts.Keys);
        Assert.Equal("/m/hetzner/snapshots", facts["Snapshots"].Link);
    }

    [Fact]
    public async Task A_failed_automatic_run_turns_the_card_red()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        await EnableAsync(module, frequencyHours: 6);
        simulator.State.InjectFault(new Fault(FaultKind.ActionError));

        await time.DriveAsync(module.RunSchedulerPassAsync());
        var card = await CardAsync(module);

        Assert.Equal(DashboardCardState.Failed, card.State);
        Assert.Contains("The last automatic snapshot failed", card.Summary, StringComparison.Ordinal);
        Assert.Equal("failed", card.Facts.Single(f => f.Label == "Result").Value);
        Assert.Equal("/m/hetzner/settings", card.Link);
    }

    [Fact]
    public async Task No_automatic_success_for_twice_the_frequency_turns_the_card_red_though_no_run_failed()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        await EnableAsync(module, frequencyHours: 6);
        await time.DriveAsync(module.RunSchedulerPassAsync());

        // Nothing runs for a while (the panel was stopped, say): just under two periods is still fine ...
        time.SetUtcNow(FakeClock.Start.AddHours(11));
        Assert.Equal(DashboardCardState.Healthy, (await CardAsync(module)).State);

        // ... past two periods without a new automatic snapshot it is not.
        time.SetUtcNow(FakeClock.Start.AddHours(13));
        var card = await CardAsync(module);
        Assert.Equal(DashboardCardState.Failed, card.State);
        Assert.Contains("No automatic snapshot has succeeded for 1", card.Summary, StringComparison.Ordinal);
        Assert.Contains("every 6 hours", card.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_card_turns_red_exactly_when_the_dead_mans_switch_alerts()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        await EnableAsync(module, frequencyHours: 6);
        await time.DriveAsync(module.RunSchedulerPassAsync());

        // The panel was stopped for a day; back up, the admin switches the schedule off and on again, which starts it
        // afresh with a full allowance of two periods before anything is overdue.
        time.SetUtcNow(FakeClock.Start.AddHours(30));
        await module.SendAsync(new SaveSnapshotSettingsCommand(false, 6, 7, 1));
        await module.SendAsync(new SaveSnapshotSettingsCommand(true, 6, 7, 1));

        foreach (var hours in new[] { 31, 41, 42, 43 })
        {
            time.SetUtcNow(FakeClock.Start.AddHours(hours));
            await module.InScopeAsync(sp => sp.GetRequiredService<SnapshotWatchdog>().CheckAsync(CancellationToken.None));
            var alerting = module.Notifier.Raised.Any(n => n.Title.StartsWith(SnapshotWatchdog.OverdueTitle, StringComparison.Ordinal));
            var card = await CardAsync(module);

            Assert.True(alerting == (card.State == DashboardCardState.Failed),
                $"at +{hours} h the watchdog {(alerting ? "alerted" : "was quiet")} but the card is {card.State}: {card.Summary}");
            Assert.Equal(hours >= 42, alerting);
        }
    }

    [Fact]
    public async Task Saving_settings_that_do_not_restart_the_schedule_leaves_an_overdue_card_red_and_the_alert_going()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        await EnableAsync(module, frequencyHours: 6);
        await time.DriveAsync(module.RunSchedulerPassAsync());
        time.SetUtcNow(FakeClock.Start.AddHours(13));
        await module.InScopeAsync(sp => sp.GetRequiredService<SnapshotWatchdog>().CheckAsync(CancellationToken.None));

        // Pressing Save unchanged, or with another retention, does not make a snapshot: nothing has recovered.
        await module.SendAsync(new SaveSnapshotSettingsCommand(true, 6, 7, 1));
        await module.SendAsync(new SaveSnapshotSettingsCommand(true, 6, 3, 1));
        time.SetUtcNow(FakeClock.Start.AddHours(14));
        await module.InScopeAsync(sp => sp.GetRequiredService<SnapshotWatchdog>().CheckAsync(CancellationToken.None));
        var card = await CardAsync(module);

        Assert.Equal(DashboardCardState.Failed, card.State);
        Assert.DoesNotContain(module.Notifier.Raised, n => n.Title == SnapshotWatchdog.RecoveredTitle);
    }

    [Fact]
    public async Task With_the_schedule_off_the_card_is_neutral()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        await module.SaveTokenAsync();

        var card = await CardAsync(module);

        Assert.Equal(DashboardCardState.Neutral, card.State);
        Assert.Equal("schedule off", card.Facts.Single(f => f.Label == "Next run").Value);
    }

    private static Task<DashboardCard> CardAsync(ModuleHarness module) =>
        module.InScopeAsync(sp => sp.GetServices<IDashboardCardSource>().Single().GetCardAsync(CancellationToken.None));

    private static async Task EnableAsync(ModuleHarness module, int frequencyHours)
    {
        await module.SaveTokenAsync();
        await module.SendAsync(new SaveSnapshotSettingsCommand(true, frequencyHours, 7, 1));
    }
}
