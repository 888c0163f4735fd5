using MediatR;

namespace Panel.Modules.Hetzner.Features.DeleteSnapshot;

/// <summary>Deletes one of this server's snapshots (never another server's, never a delete-protected one).</summary>
internal sealed record DeleteSnapshotCommand(long Id) : IRequest<DeleteSnapshotResult>;

/// <param name="Id">The image id.</param>
/// <param name="Description">The snapshot's name.</param>
/// <param name="AlreadyGone">Hetzner no longer had it (deleted elsewhere); the list was corrected.</param>
internal sealed record DeleteSnapshotResult(long Id, string Description, bool AlreadyGone);
