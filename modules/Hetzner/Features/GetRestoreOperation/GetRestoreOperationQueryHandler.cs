using MediatR;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Restore;

namespace Panel.Modules.Hetzner.Features.GetRestoreOperation;

internal sealed class GetRestoreOperationQueryHandler(RestoreOperations operations) : IRequestHandler<GetRestoreOperationQuery, RestoreOperationView>
{
    public async Task<RestoreOperationView> Handle(GetRestoreOperationQuery request, CancellationToken cancellationToken) =>
        await operations.GetAsync(request.Id, cancellationToken)
            ?? throw ProblemException.NotFound($"There is no restore operation {request.Id}.");
}
