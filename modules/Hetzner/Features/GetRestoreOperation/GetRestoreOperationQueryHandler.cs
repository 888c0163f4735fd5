using MediatR;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Restore;

namespace Panel.Modules.Hetzner.Features.GetRestoreOperation;

internal sealed class GetRestoreOperationQueryHandler(RestoreOperations operations) : IRequestHandler<GetRestoreOperationQuery, RestoreOperationView>
{
    public Task<RestoreOperationView> Handle(GetRestoreOperationQuery request, CancellationToken cancellationToken) =>
        Task.FromResult(operations.Get(request.Id)
            ?? throw ProblemException.NotFound($"There is no restore operation {request.Id} (they are kept until the panel restarts; the Events page keeps the outcome)."));
}
