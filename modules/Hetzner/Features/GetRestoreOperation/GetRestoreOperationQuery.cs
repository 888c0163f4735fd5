using MediatR;
using Panel.Modules.Hetzner.Restore;

namespace Panel.Modules.Hetzner.Features.GetRestoreOperation;

/// <summary>The progress and outcome of a restore this process started.</summary>
internal sealed record GetRestoreOperationQuery(long Id) : IRequest<RestoreOperationView>;
