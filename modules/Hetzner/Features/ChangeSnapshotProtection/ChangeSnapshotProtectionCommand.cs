using System.Text.Json.Serialization;
using MediatR;

namespace Panel.Modules.Hetzner.Features.ChangeSnapshotProtection;

/// <summary>Switches delete protection ("keep forever") of one of this server's snapshots on or off at Hetzner.</summary>
/// <param name="Id">The image id.</param>
/// <param name="Delete">True protects the snapshot from deletion (by the panel, pruning and anyone else); false lifts it.</param>
internal sealed record ChangeSnapshotProtectionCommand(long Id, bool Delete) : IRequest<ChangeSnapshotProtectionResult>;

/// <summary>The JSON body of <c>POST /snapshots/{id}/protection</c>, named like Hetzner's own field.</summary>
internal sealed record ChangeSnapshotProtectionBody([property: JsonRequired] bool Delete);

/// <param name="Id">The image id.</param>
/// <param name="Description">The snapshot's name.</param>
/// <param name="DeleteProtected">Whether delete protection is now on.</param>
internal sealed record ChangeSnapshotProtectionResult(long Id, string Description, bool DeleteProtected);
