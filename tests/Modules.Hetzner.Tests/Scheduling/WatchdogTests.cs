using Hetzner.Simulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Modules.Hetzner.Tests.Support;
using Panel.Contracts;
using Panel.Modules.Hetzner.Features.SaveSnapshotSettings;
using Panel.Modules.Hetzner.Watchdog;

namespace Modules.Hetzner.Tests.Scheduling;

/// <summary>The dead man's switch on a fake clock: no successful automatic snapshot for twice the frequency raises a
/// Critical notification once, again daily, and a recovery notice when a snapshot succeeds again.</summary>
public sealed class WatchdogTests
{
    [Fact]
    public async Task Missing_snapshots_alert_once_then_daily_and_a_success_sends_the_recovery()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        await EnableAsync(module, frequencyHours: 12);
        await time.DriveAsync(module.RunSchedulerPassAsync());
        var firstSuccess = time.GetUtcNow();

        // The snapshot worker stops making snapshots (stuck, crashed, ...); only the watchdog looks.
        time.SetUtcNow(firstSuccess.AddHours(23));
        await CheckAsync(module);
        Assert.Empty(Alerts(module));

        time.SetUtcNow(firstSuccess.AddHours(24));
        var next = await CheckAsync(module);
        var alert = Assert.Single(Alerts(module));
        Assert.Equal((NotificationSeverity.Critical, SnapshotWatchdog.OverdueTitle), (alert.Severity, alert.Title));
        Assert.StartsWith("The last successful automatic snapshot was at 2026-11-28 06:00 UTC; snapshots should be made every 12 h.", alert.Message, StringComparison.Ordinal);
        Assert.Equal(time.GetUtcNow().AddDays(1), next);

        time.Advance(TimeSpan.FromHours(23));
        await CheckAsync(module);
        await CheckAsync(module);
        Assert.Single(Alerts(module));

        time.Advance(TimeSpan.FromHours(1));
        await CheckAsync(module);
        Assert.Equal(2, Alerts(module).Count);
        Assert.Equal(SnapshotWatchdog.OverdueTitle + " (still)", Alerts(module)[1].Title);

        // The worker runs again: the overdue slot is made at once, and the watchdog says so.
        await time.DriveAsync(module.RunSchedulerPassAsync());
        await CheckAsync(module);
        var recovery = module.Notifier.Raised[^1];
        Assert.Equal((NotificationSeverity.Warning, SnapshotWatchdog.RecoveredTitle), (recovery.Severity, recovery.Title));
        Assert.StartsWith("An automatic snapshot succeeded again at 2026-11-30", recovery.Message, StringComparison.Ordinal);

        var said = module.Notifier.Raised.Count;
        time.Advance(TimeSpan.FromHours(2));
        await CheckAsync(module);
        Assert.Equal(said, module.Notifier.Raised.Count);
    }

    [Fact]
    public async Task A_schedule_saved_afresh_while_overdue_resets_the_alert_without_claiming_snapshots_work_again()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        await EnableAsync(module, frequencyHours: 12);
        await time.DriveAsync(module.RunSchedulerPassAsync());
        time.Advance(TimeSpan.FromHours(24));
        await CheckAsync(module);
        Assert.Single(Alerts(module));

        // The admin changes the frequency: the schedule starts afresh, but nothing has succeeded since the alert.
        await module.SendAsync(new SaveSnapshotSettingsCommand(true, 24, 7, 1));
        await CheckAsync(module);

        var reset = module.Notifier.Raised[^1];
        Assert.Equal((NotificationSeverity.Warning, SnapshotWatchdog.ResetTitle), (reset.Severity, reset.Title));
        Assert.DoesNotContain(module.Notifier.Raised, n => n.Title == SnapshotWatchdog.RecoveredTitle);
    }

    [Fact]
    public async Task A_restart_neither_repeats_the_alert_of_the_day_nor_forgets_the_recovery()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        var protection = new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider();
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        var dataPath = Directory.CreateTempSubdirectory("hetzner-watchdog-restart-").FullName;
        try
        {
            await using (var before = await ModuleHarness.StartAsync(simulator, time, dataPath, protection))
            {
                await EnableAsync(before, frequencyHours: 12);
                await time.DriveAsync(before.RunSchedulerPassAsync());
                time.Advance(TimeSpan.FromHours(24));
                await CheckAsync(before);
                Assert.Single(Alerts(before));
            }

            // A new module instance on the same data folder, as after a restart of the panel, a few hours later.
            time.Advance(TimeSpan.FromHours(3));
            await using (var after = await ModuleHarness.StartAsync(simulator, time, dataPath, protection))
            {
                Assert.Equal(time.GetUtcNow().AddHours(21), await CheckAsync(after));
                Assert.Empty(after.Notifier.Raised);

                await time.DriveAsync(after.RunSchedulerPassAsync());
                await CheckAsync(after);
                var recovery = Assert.Single(after.Notifier.Raised);
                Assert.Equal((NotificationSeverity.Warning, SnapshotWatchdog.RecoveredTitle), (recovery.Severity, recovery.Title));
            }

            // And the recovery itself is remembered: the next start says nothing more.
            await using (var again = await ModuleHarness.StartAsync(simulator, time, dataPath, protection))
            {
                await CheckAsync(again);
                Assert.Empty(again.Notifier.Raised);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataPath, recursive: true);
        }
    }

    [Fact]
    public async Task Nothing_is_said_while_the_schedule_is_off_and_switching_it_on_starts_a_fresh_allowance()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        await module.SaveTokenAsync();
        await module.SendAsync(new SaveSnapshotSettingsCommand(false, 6, 7, 1));

        time.Advance(TimeSpan.FromDays(10));
        Assert.Null(await CheckAsync(module));

        await module.SendAsync(new SaveSnapshotSettingsCommand(true, 6, 7, 1));
        time.Advance(TimeSpan.FromHours(11));
        await CheckAsync(module);
        Assert.Empty(Alerts(module));
        time.Advance(TimeSpan.FromHours(1));
        await CheckAsync(module);
        Assert.StartsWith("No automatic snapshot has succeeded since the schedule was saved", Assert.Single(Alerts(module)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hosted_watchdog_raises_the_alert_on_its_own()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        await EnableAsync(module, frequencyHours: 1);

        await module.WithHostedServiceAsync<SnapshotWatchdogWorker>(async () =>
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (Alerts(module).Count == 0 && DateTime.UtcNow < deadline)
            {
                time.Advance(TimeSpan.FromMinutes(5));
                await Task.Delay(20);
            }
        });

        Assert.Equal(SnapshotWatchdog.OverdueTitle, Assert.Single(Alerts(module)).Title);
    }

    private static Task<DateTimeOffset?> CheckAsync(ModuleHarness module) =>
        module.InScopeAsync(sp => sp.GetRequiredService<SnapshotWatchdog>().CheckAsync(CancellationToken.None));

    private static List<AdminNotification> Alerts(ModuleHarness module) =>
        [.. module.Notifier.Raised.Where(n => n.Title.StartsWith(SnapshotWatchdog.OverdueTitle, StringComparison.Ordinal))];

    private static async Task EnableAsync(ModuleHarness module, int frequencyHours)
    {
        await module.SaveTokenAsync();
        await module.SendAsync(new SaveSnapshotSettingsCommand(true, frequencyHours, 7, 1));
    }
}
