using MediatR;
using Panel.Modules.Hetzner.Restore;

namespace Panel.Modules.Hetzner.Features.GetRestoreChoices;

internal sealed class GetRestoreChoicesQueryHandler(RestoreChoicesReader reader) : IRequestHandler<GetRestoreChoicesQuery, RestoreChoices>
{
    public Task<RestoreChoices> Handle(GetRestoreChoicesQuery request, CancellationToken cancellationToken) =>
        reader.ReadAsync(request.SnapshotId, cancellationToken);
}
