using MediatR;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Snapshots.Retention;

namespace Panel.Modules.Hetzner.Features.PreviewPrune;

/// <summary>What the next prune would delete and keep, from the local mirror (never calls Hetzner, changes nothing).
/// With <paramref name="RetentionDays"/> and <paramref name="KeepNewest"/> it answers for settings not saved yet, so the
/// Settings tab can say how many snapshots a change deletes before the admin saves it.</summary>
/// <param name="RetentionDays">The retention period to apply; the saved one when null.</param>
/// <param name="KeepNewest">The newest automatic snapshots always kept; the saved number when null.</param>
/// <param name="KeepDaily">Days whose newest automatic snapshot is kept (0: off); the saved number when null.</param>
/// <param name="KeepWeekly">ISO weeks whose newest automatic snapshot is kept (0: off); the saved number when null.</param>
/// <param name="KeepMonthly">Months whose newest automatic snapshot is kept (0: off); the saved number when null.</param>
/// <param name="TimeZone">IANA time zone the calendar rules count in; the saved one when null.</param>
/// <param name="AtRun">Answer for the prune of the automatic run due then instead of a prune now: evaluated at that time
/// and with that run's new snapshot counted among the newest, which is what the scheduled prune will see. Without it a
/// forecast is one snapshot short whenever "always keep the newest" decides.</param>
/// <param name="AtNextScheduledRun">Answer for the prune of the saved schedule's next run when automatic snapshots are
/// on (as <paramref name="AtRun"/> with that run's time), and for a prune now when they are off: what "the next prune"
/// means on the Snapshots tab. The report's <see cref="PruneReport.ScheduledRun"/> says which it answered.</param>
internal sealed record PreviewPruneQuery(
    int? RetentionDays = null,
    int? KeepNewest = null,
    int? KeepDaily = null,
    int? KeepWeekly = null,
    int? KeepMonthly = null,
    string? TimeZone = null,
    DateTimeOffset? AtRun = null,
    bool AtNextScheduledRun = false) : IRequest<PruneReport>, ICalendarRulesInput;
