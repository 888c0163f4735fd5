using Hetzner.Simulator;
using Microsoft.EntityFrameworkCore;
using Modules.Hetzner.Tests.Support;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Features.GetSettings;
using Panel.Modules.Hetzner.Features.SaveSnapshotSettings;

namespace Modules.Hetzner.Tests.Features;

public sealed class SaveSnapshotSettingsTests
{
    [Fact]
    public async Task Defaults_are_twelve_hours_seven_days_and_the_newest_one_kept()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);

        var schedule = (await module.SendAsync(new GetSettingsQuery())).Schedule;

        Assert.Equal(new SnapshotScheduleView(false, 12, 7, 1, null), schedule);
    }

    [Fact]
    public async Task Switching_on_schedules_the_first_snapshot_at_once_and_records_an_event()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        await module.SaveTokenAsync();

        var saved = await module.SendAsync(new SaveSnapshotSettingsCommand(true, 6, 14, 3));

        Assert.True(saved.Enabled);
        Assert.NotNull(saved.NextDueAt);
        var view = await module.SendAsync(new GetSettingsQuery());
        Assert.Equal(4, view.Summary.SnapshotsPerDay);
        Assert.Equal(56, view.Summary.KeptAtSteadyState);
        var audit = module.Audit.Events[^1];
        Assert.Equal("HETZNER_SNAPSHOT_SETTINGS_UPDATE", audit.Code);
        Assert.Contains("every 6 hours, kept 14 days, newest 3 always kept", audit.Details, StringComparison.Ordinal);

        var events = module.Audit.Events.Count;
        await module.SendAsync(new SaveSnapshotSettingsCommand(true, 6, 14, 3));
        Assert.Equal(events, module.Audit.Events.Count);
    }

    [Theory]
    [InlineData(5, 7, 1, "frequencyHours")]
    [InlineData(12, 10, 1, "retentionDays")]
    [InlineData(12, 7, 0, "keepNewest")]
    [InlineData(12, 7, 101, "keepNewest")]
    public async Task Values_outside_the_offered_options_are_refused_and_nothing_is_stored(int frequency, int retention, int keep, string field)
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        await module.SaveTokenAsync();

        var refused = await Assert.ThrowsAsync<ValidationException>(
            () => module.SendAsync(new SaveSnapshotSettingsCommand(true, frequency, retention, keep)));

        Assert.Equal([field], refused.Errors.Keys);
        var stored = await module.QueryDbAsync(db => db.Settings.SingleAsync());
        Assert.False(stored.AutomaticEnabled);
        Assert.Equal((12, 7, 1), (stored.FrequencyHours, stored.RetentionDays, stored.KeepNewest));
    }

    [Fact]
    public async Task Automatic_snapshots_need_a_token_first()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);

        var refused = await Assert.ThrowsAsync<ValidationException>(() => module.SendAsync(new SaveSnapshotSettingsCommand(true, 12, 7, 1)));

        Assert.Contains("Save an API token", Assert.Single(refused.Errors["enabled"]), StringComparison.Ordinal);
    }
}
