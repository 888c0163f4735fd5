using MediatR;
using Panel.Modules.Hetzner.Restore;

namespace Panel.Modules.Hetzner.Features.GetRestoreChoices;

/// <summary>What a server made from the snapshot can be (types, locations, monthly prices), and which server a rebuild replaces.</summary>
/// <param name="SnapshotId">One of this server's available snapshots.</param>
internal sealed record GetRestoreChoicesQuery(long SnapshotId) : IRequest<RestoreChoices>;
