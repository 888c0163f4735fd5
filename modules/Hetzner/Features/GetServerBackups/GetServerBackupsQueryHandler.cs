using MediatR;
using Panel.Modules.Hetzner.Backups;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Integration;
using Panel.Modules.Hetzner.Snapshots.Secrets;

namespace Panel.Modules.Hetzner.Features.GetServerBackups;

internal sealed class GetServerBackupsQueryHandler(ConnectionReader connections, ServerBackupsReader reader)
    : IRequestHandler<GetServerBackupsQuery, ServerBackupsView>
{
    public async Task<ServerBackupsView> Handle(GetServerBackupsQuery request, CancellationToken cancellationToken)
    {
        var connection = await connections.RequireAsync(cancellationToken);
        var read = await reader.RefreshAsync(connection, cancellationToken);
        return read.Value ?? throw ProblemException.Upstream($"The Backups of {connection} could not be read. {HetznerErrorText.Describe(read.Error!)}");
    }
}
