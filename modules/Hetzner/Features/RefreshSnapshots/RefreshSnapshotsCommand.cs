using MediatR;
using Panel.Modules.Hetzner.Features.ListSnapshots;

namespace Panel.Modules.Hetzner.Features.RefreshSnapshots;

/// <summary>Reads this server's snapshots from Hetzner now (all pages) and returns the refreshed list. A failed
/// refresh keeps the previous list and reports the error in <see cref="SnapshotListView.LastError"/>.</summary>
internal sealed record RefreshSnapshotsCommand : IRequest<SnapshotListView>;
