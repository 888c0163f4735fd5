using MediatR;
using Panel.Modules.Hetzner.Features.GetSnapshotOperation;

namespace Panel.Modules.Hetzner.Features.CreateSnapshot;

/// <summary>Requests a manual snapshot of the server. Returns at once; the run continues in the background and its
/// progress is read with <see cref="GetSnapshotOperationQuery"/>.</summary>
/// <param name="Description">The snapshot's name at Hetzner.</param>
internal sealed record CreateSnapshotCommand(string Description) : IRequest<SnapshotOperationView>;
