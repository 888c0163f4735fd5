using MediatR;
using Panel.Modules.Hetzner.Snapshots.Retention;

namespace Panel.Modules.Hetzner.Features.PruneExpired;

/// <summary>Deletes this server's expired automatic snapshots, or with <paramref name="DryRun"/> only reports what
/// would be deleted and what is kept, each with its reason (a dry run reads the local mirror, not Hetzner).</summary>
internal sealed record PruneExpiredCommand(bool DryRun) : IRequest<PruneReport>;
