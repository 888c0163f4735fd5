using MediatR;
using Panel.Contracts;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Integration;
using Panel.Modules.Hetzner.Restore;
using Panel.Modules.Hetzner.Snapshots.Server;

namespace Panel.Modules.Hetzner.Features.CreateServerFromSnapshot;

/// <summary>Audits the request, asks Hetzner for the server and hands it to the <see cref="RestoreRunner"/>, which
/// follows it until it runs. A refusal comes back at once as one sentence (or beside the field it is about).</summary>
internal sealed class CreateServerFromSnapshotCommandHandler(
    ServerIdentity identity,
    RestoreChoicesReader choices,
    IHetznerApi api,
    RestoreRunner runner,
    IAuditLog auditLog) : IRequestHandler<CreateServerFromSnapshotCommand, RestoreOperationView>
{
    /// <summary>On every server the panel makes, naming the snapshot it was made from.</summary>
    public const string RestoredFromLabel = "panelhost.io/restored-from";

    /// <summary>Hetzner's field names to the command's.</summary>
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["name"] = "name",
        ["server_type"] = "serverType",
        ["location"] = "location",
        ["image"] = "snapshotId",
    };

    public async Task<RestoreOperationView> Handle(CreateServerFromSnapshotCommand request, CancellationToken cancellationToken)
    {
        var connection = await identity.RequireAsync("created", cancellationToken);
        var snapshot = (await choices.ReadAsync(request.SnapshotId, cancellationToken)).Snapshot;
        var what = $"server \"{request.Name}\" ({request.ServerType} in {request.Location}) from snapshot \"{snapshot.Description}\" ({snapshot.Id}) of {connection}";
        await auditLog.WriteAsync(new AuditEvent(HetznerModule.Id, AuditCodes.ServerCreateRequest, $"New {what} requested."), cancellationToken);

        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [RestoredFromLabel] = snapshot.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var created = await api.CreateServerAsync(
            connection.Token, new NewServerOrder(request.Name, request.ServerType, request.Location, snapshot.Id, labels), cancellationToken);
        if (created.Value is not { } server)
        {
            var refusal = RestoreRefusals.For(created.Error!, Fields, request.ServerType, request.Location, request.Name);
            await auditLog.WriteAsync(new AuditEvent(HetznerModule.Id, AuditCodes.ServerCreateFailed, $"New {what} refused: {refusal.Message}"), CancellationToken.None);
            throw refusal;
        }

        // Hetzner accepted: recorded whatever becomes of this request, so the server is followed (also after a restart).
        return await runner.StartCreateAsync(
            new RestoreWork(connection.Token, snapshot.Id, snapshot.Description, server.Server.Id, request.Name, request.ServerType, request.Location),
            server,
            CancellationToken.None);
    }
}
