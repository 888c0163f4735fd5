using MediatR;
using Panel.Modules.Hetzner.Snapshots.Retention;

namespace Panel.Modules.Hetzner.Features.PreviewPrune;

/// <summary>What the next prune would delete and keep, from the local mirror (never calls Hetzner, changes nothing).
/// With <paramref name="RetentionDays"/> and <paramref name="KeepNewest"/> it answers for settings not saved yet, so the
/// Settings tab can say how many snapshots a change deletes before the admin saves it.</summary>
/// <param name="RetentionDays">The retention period to apply; the saved one when null.</param>
/// <param name="KeepNewest">The newest automatic snapshots always kept; the saved number when null.</param>
internal sealed record PreviewPruneQuery(int? RetentionDays = null, int? KeepNewest = null) : IRequest<PruneReport>;
