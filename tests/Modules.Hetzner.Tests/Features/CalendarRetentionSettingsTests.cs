using Hetzner.Simulator;
using Microsoft.Extensions.Time.Testing;
using Modules.Hetzner.Tests.Support;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Features.GetSettings;
using Panel.Modules.Hetzner.Features.PreviewPrune;
using Panel.Modules.Hetzner.Features.PruneExpired;
using Panel.Modules.Hetzner.Features.RefreshSnapshots;
using Panel.Modules.Hetzner.Features.SaveSnapshotSettings;

namespace Modules.Hetzner.Tests.Features;

/// <summary>The calendar rules through the module's requests: stored, forecast, previewed and applied by the prune.</summary>
public sealed class CalendarRetentionSettingsTests
{
    [Fact]
    public async Task Calendar_rules_are_stored_audited_forecast_and_kept_when_a_save_omits_them()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator, new FakeTimeProvider(FakeClock.Start));

        var saved = await module.SendAsync(new SaveSnapshotSettingsCommand(false, 24, 7, 1, 7, 4, 12, "Europe/Berlin"));
        var again = await module.SendAsync(new SaveSnapshotSettingsCommand(false, 24, 7, 1));
        var view = await module.SendAsync(new GetSettingsQuery());

        Assert.Equal(new SnapshotScheduleView(false, 24, 7, 1, null, 7, 4, 12, "Europe/Berlin"), saved);
        Assert.Equal(saved, again);
        Assert.Equal(saved, view.Schedule);
        Assert.Contains("newest of each of 7 days, 4 weeks and 12 months (Europe/Berlin)", module.Audit.Events[^1].Details, StringComparison.Ordinal);
        // Saturday 2026-11-28: as in SettingsSummaryTests, 7 days + 2 more weeks + 11 more months.
        Assert.Equal(20, view.Summary.KeptAtSteadyState);
    }

    [Fact]
    public async Task An_unknown_time_zone_is_refused_naming_the_field_and_nothing_is_stored()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);

        var refused = await Assert.ThrowsAsync<ValidationException>(
            () => module.SendAsync(new SaveSnapshotSettingsCommand(false, 12, 7, 1, 7, 0, 0, "Europe/Atlantis")));

        Assert.Equal(["timeZone"], refused.Errors.Keys);
        Assert.Equal(new SnapshotScheduleView(false, 12, 7, 1, null), (await module.SendAsync(new GetSettingsQuery())).Schedule);
    }

    [Fact]
    public async Task Preview_and_prune_name_every_rule_that_keeps_a_snapshot()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        var now = FakeClock.Start;
        var today = simulator.State.AddImage(new SeedImage(42, "auto-today", now.AddHours(-1), Auto.Labels("42")));
        var yesterday = simulator.State.AddImage(new SeedImage(42, "auto-yesterday", now.AddDays(-1), Auto.Labels("42")));
        var tenDays = simulator.State.AddImage(new SeedImage(42, "auto-10-days", now.AddDays(-10), Auto.Labels("42")));
        var lastMonth = simulator.State.AddImage(new SeedImage(42, "auto-october", now.AddDays(-40), Auto.Labels("42")));
        var foreign = simulator.State.AddImage(new SeedImage(42, "made-elsewhere", now.AddDays(-60)));
        await module.SaveTokenAsync();
        await module.SendAsync(new SaveSnapshotSettingsCommand(false, 24, 1, 1, 2, 0, 2, "UTC"));
        await module.SendAsync(new RefreshSnapshotsCommand());

        var preview = await module.SendAsync(new PreviewPruneQuery());
        var report = await module.SendAsync(new PruneExpiredCommand(DryRun: false));

        foreach (var result in new[] { preview, report })
        {
            Assert.Equal([tenDays], result.Delete.Select(e => e.Id));
            var reasons = result.Keep.ToDictionary(e => e.Id, e => e.Reasons);
            Assert.Equal(["monthly 2026-11", "daily 2026-11-28", "newest 1", "younger than 1 day"], reasons[today]);
            Assert.Equal(["daily 2026-11-27"], reasons[yesterday]);
            Assert.Equal(["monthly 2026-10"], reasons[lastMonth]);
            Assert.Equal(["not made by this panel"], reasons[foreign]);
            Assert.Equal((2, 0, 2, "UTC"), (result.KeepDaily, result.KeepWeekly, result.KeepMonthly, result.TimeZone));
        }

        Assert.DoesNotContain(simulator.State.Images, i => i.Id == tenDays);
        Assert.Contains("newest of 2 days, 0 weeks and 2 months in UTC", module.Audit.Events[^1].Details, StringComparison.Ordinal);
    }
}
