using System.Text.Json.Serialization;
using MediatR;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Snapshots.Mirror;
using Panel.Modules.Hetzner.Snapshots.Retention;
using Panel.Modules.Hetzner.Snapshots.Scheduling;
using Panel.Modules.Hetzner.Snapshots.Server;

namespace Panel.Modules.Hetzner.Features.SaveSnapshotSettings;

/// <summary>Switches automatic snapshots on or off and sets their frequency and retention.</summary>
/// <param name="Enabled">Automatic snapshots on.</param>
/// <param name="FrequencyHours">1, 3, 6, 12 or 24.</param>
/// <param name="RetentionDays">1, 3, 7, 14, 21 or 30.</param>
/// <param name="KeepNewest">The newest automatic snapshots always kept, whatever their age (1 to 100).</param>
/// <param name="KeepDaily">Days whose newest automatic snapshot is kept, 0 (off) to 366; unchanged when omitted.</param>
/// <param name="KeepWeekly">ISO weeks whose newest automatic snapshot is kept, 0 (off) to 104; unchanged when omitted.</param>
/// <param name="KeepMonthly">Months whose newest automatic snapshot is kept, 0 (off) to 60; unchanged when omitted.</param>
/// <param name="TimeZone">IANA time zone the calendar rules count days, weeks and months in; unchanged when omitted.</param>
/// <remarks>The first four fields are required in JSON: a partial body must not switch the schedule off by omission.
/// The calendar fields came later; a client that does not know them leaves them as they are.</remarks>
internal sealed record SaveSnapshotSettingsCommand(
    [property: JsonRequired] bool Enabled,
    [property: JsonRequired] int FrequencyHours,
    [property: JsonRequired] int RetentionDays,
    [property: JsonRequired] int KeepNewest,
    int? KeepDaily = null,
    int? KeepWeekly = null,
    int? KeepMonthly = null,
    string? TimeZone = null)
    : IRequest<SnapshotScheduleView>, ICalendarRulesInput;

/// <summary>The schedule as stored, with when the next automatic snapshot is due.</summary>
internal sealed record SnapshotScheduleView(
    bool Enabled,
    int FrequencyHours,
    int RetentionDays,
    int KeepNewest,
    DateTimeOffset? NextDueAt,
    int KeepDaily = 0,
    int KeepWeekly = 0,
    int KeepMonthly = 0,
    string TimeZone = SnapshotScheduleOptions.DefaultTimeZone)
{
    public static SnapshotScheduleView Of(SettingsRecord settings, DateTimeOffset? nextDueAt)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new SnapshotScheduleView(settings.AutomaticEnabled, settings.FrequencyHours, settings.RetentionDays, settings.KeepNewest,
            settings.AutomaticEnabled ? nextDueAt : null, settings.KeepDaily, settings.KeepWeekly, settings.KeepMonthly, settings.TimeZone);
    }
}
