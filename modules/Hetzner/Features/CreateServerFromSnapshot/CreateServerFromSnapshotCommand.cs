using MediatR;
using Panel.Modules.Hetzner.Restore;

namespace Panel.Modules.Hetzner.Features.CreateServerFromSnapshot;

/// <summary>Makes a new server from one of this server's snapshots (to try an upgrade on a copy, say). Returns once
/// Hetzner accepted it; <c>GET /restore/operations/{id}</c> follows it until it runs.</summary>
/// <param name="SnapshotId">The snapshot.</param>
/// <param name="Name">The new server's name: a host name, unique in the Hetzner project.</param>
/// <param name="ServerType">One of the choices' server types (cx22, ...).</param>
/// <param name="Location">One of the locations the type is sold in (fsn1, ...).</param>
internal sealed record CreateServerFromSnapshotCommand(long SnapshotId, string Name, string ServerType, string Location) : IRequest<RestoreOperationView>;

/// <summary>The JSON body of <c>POST /snapshots/{id}/servers</c>.</summary>
internal sealed record CreateServerFromSnapshotBody(string? Name, string? ServerType, string? Location);
