using MediatR;
using Panel.Modules.Hetzner.Snapshots.Server;

namespace Panel.Modules.Hetzner.Features.GetServerCheck;

internal sealed class GetServerCheckQueryHandler(ServerIdentity identity) : IRequestHandler<GetServerCheckQuery, ServerCheckView>
{
    public async Task<ServerCheckView> Handle(GetServerCheckQuery request, CancellationToken cancellationToken) =>
        ServerCheckView.From(identity.Current.Status == ServerCheckStatus.NotChecked
            ? await identity.CheckAsync(cancellationToken)
            : identity.Current);
}
