using MediatR;
using Panel.Modules.Hetzner.Restore;

namespace Panel.Modules.Hetzner.Features.RebuildServerFromSnapshot;

/// <summary>Replaces the disk of the server the panel runs on with the snapshot: the panel and everything written since
/// the snapshot are lost. Audited before anything is sent; <c>GET /restore/operations/{id}</c> follows it.</summary>
/// <param name="SnapshotId">The snapshot.</param>
/// <param name="ConfirmName">The server's name, typed by the admin; must match exactly.</param>
/// <param name="TakeFreshSnapshot">Take a snapshot of the server as it is now first (and wait until it is available).</param>
internal sealed record RebuildServerFromSnapshotCommand(long SnapshotId, string ConfirmName, bool TakeFreshSnapshot = true) : IRequest<RestoreOperationView>;

/// <summary>The JSON body of <c>POST /snapshots/{id}/rebuild</c>; <c>takeFreshSnapshot</c> defaults to true.</summary>
internal sealed record RebuildServerFromSnapshotBody(string? ConfirmName, bool? TakeFreshSnapshot);
