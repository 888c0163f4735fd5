using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Panel.Contracts;
using Panel.Modules.Hetzner.Data;

namespace Panel.Modules.Hetzner.Watchdog;

/// <summary>What the dead man's switch has said; <see cref="WatchdogStateStore"/> keeps it in the module's database
/// across restarts.</summary>
internal sealed class WatchdogState
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _lastAlertAt;

    public DateTimeOffset? LastAlertAt
    {
        get
        {
            lock (_gate)
            {
                return _lastAlertAt;
            }
        }

        set
        {
            lock (_gate)
            {
                _lastAlertAt = value;
            }
        }
    }
}

/// <summary>
/// The dead man's switch (docs/hetzner-module.md): while automatic snapshots are on, no successful automatic snapshot
/// for twice the frequency raises a Critical notification (which the host's alert channels send out), again every
/// day while it lasts, and a recovery notice when a snapshot succeeds again. It watches the outcome, not the causes:
/// a stopped worker, a refused token, a full quota and a server held back all look the same here, which is the point.
/// </summary>
internal sealed partial class SnapshotWatchdog(
    HetznerDbContext db,
    WatchdogState state,
    WatchdogStateStore store,
    IAdminNotifier notifier,
    TimeProvider time,
    ILogger<SnapshotWatchdog> logger)
{
    public const string OverdueTitle = "No automatic snapshot for too long";

    public const string RecoveredTitle = "Automatic snapshots work again";

    public const string ResetTitle = "Overdue alert reset: the snapshot schedule was saved again";

    /// <summary>The repeat of a condition that lasts.</summary>
    public static readonly TimeSpan RepeatEvery = TimeSpan.FromDays(1);

    /// <summary>Checks once.</summary>
    /// <returns>When the condition can next change by the clock alone (the worker checks at least that often).</returns>
    public Task<DateTimeOffset?> CheckAsync(CancellationToken cancellationToken) =>
        store.AroundAsync(db, state, () => CheckCoreAsync(cancellationToken), cancellationToken);

    private async Task<DateTimeOffset?> CheckCoreAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settings = await db.Settings.AsNoTracking().SingleAsync(s => s.Id == SettingsRecord.SingletonId, cancellationToken);
        var rule = await SnapshotOverdue.ReadAsync(db, settings, cancellationToken);
        if (rule is null)
        {
            // Switched off while overdue: the admin acted; there is nothing to recover from.
            state.LastAlertAt = null;
            return null;
        }

        var lastSuccess = rule.LastSuccess;
        if (!rule.IsOverdue(now))
        {
            if (state.LastAlertAt is { } alertedAt)
            {
                state.LastAlertAt = null;
                LogRecovered(logger, lastSuccess);
                // Only a snapshot made after the alert is a recovery; a schedule started afresh (switched on, another
                // frequency or server) resets the allowance without anything having worked again.
                var recovered = lastSuccess is { } at && at > alertedAt;
                await notifier.RaiseAsync(new AdminNotification(HetznerModule.Id, NotificationSeverity.Warning,
                    recovered ? RecoveredTitle : ResetTitle,
                    recovered
                        ? $"An automatic snapshot succeeded again at {Utc(lastSuccess!.Value)}. Check the Snapshots tab for the gap."
                        : "The snapshot schedule was saved again (switched on, another frequency or another server), so the overdue alert is reset; no automatic snapshot has succeeded since it. The next one is awaited."),
                    cancellationToken);
            }

            return rule.OverdueAt;
        }

        if (state.LastAlertAt is { } last && now < last + RepeatEvery)
        {
            return last + RepeatEvery;
        }

        var repeat = state.LastAlertAt is not null;
        state.LastAlertAt = now;
        LogOverdue(logger, lastSuccess, settings.FrequencyHours);
        await notifier.RaiseAsync(new AdminNotification(HetznerModule.Id, NotificationSeverity.Critical,
            repeat ? OverdueTitle + " (still)" : OverdueTitle,
            (lastSuccess is { } previous ? $"The last successful automatic snapshot was at {Utc(previous)}" : "No automatic snapshot has succeeded since the schedule was saved")
            + $"; snapshots should be made every {settings.FrequencyHours} h. Check the Snapshots tab and the Events page for the cause. This alert repeats daily until a snapshot succeeds."),
            cancellationToken);
        return now + RepeatEvery;
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Error, Message = "No successful automatic snapshot since {LastSuccess} with a schedule of every {FrequencyHours} h")]
    private static partial void LogOverdue(ILogger logger, DateTimeOffset? lastSuccess, int frequencyHours);

    [LoggerMessage(Level = LogLevel.Information, Message = "Automatic snapshots work again (last success {LastSuccess})")]
    private static partial void LogRecovered(ILogger logger, DateTimeOffset? lastSuccess);
}
