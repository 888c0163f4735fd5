using MediatR;
using Panel.Modules.Hetzner.Restore;

namespace Panel.Modules.Hetzner.Features.GetRestoreOperation;

/// <summary>The progress and outcome of a restore (kept across restarts).</summary>
internal sealed record GetRestoreOperationQuery(long Id) : IRequest<RestoreOperationView>;
