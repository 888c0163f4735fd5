using MediatR;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Snapshots.Scheduling;

namespace Panel.Modules.Hetzner.Features.GetSettingsSummary;

/// <summary>"What this means" for settings the admin is still choosing: the same computation the Settings tab
/// renders for the saved settings, so the live figures and the saved ones cannot drift apart.</summary>
/// <remarks>The calendar fields are the saved ones when null.</remarks>
internal sealed record GetSettingsSummaryQuery(
    bool Enabled,
    int FrequencyHours,
    int RetentionDays,
    int KeepNewest,
    int? KeepDaily = null,
    int? KeepWeekly = null,
    int? KeepMonthly = null,
    string? TimeZone = null)
    : IRequest<SettingsSummaryView>, ICalendarRulesInput;

/// <param name="Summary">The figures.</param>
/// <param name="Enabled">Whether the schedule would be on.</param>
/// <param name="WouldDelete">Automatic snapshots the next prune deletes under these settings; null without a token.</param>
/// <param name="FirstRunAt">With the schedule on: when the next (after enabling, the first) automatic snapshot is due
/// if these settings are saved now; the prune follows each successful automatic snapshot.</param>
/// <param name="Pending">A token was saved but the list and price have not been read with it yet: the figures
/// change once the module's loop has read them (the page asks again).</param>
internal sealed record SettingsSummaryView(SettingsSummary Summary, bool Enabled, int? WouldDelete, DateTimeOffset? FirstRunAt, bool Pending);
