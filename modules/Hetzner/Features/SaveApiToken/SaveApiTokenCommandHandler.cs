using MediatR;
using Panel.Contracts;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Integration;
using Panel.Modules.Hetzner.Snapshots.Mirror;
using Panel.Modules.Hetzner.Snapshots.Scheduling;
using Panel.Modules.Hetzner.Snapshots.Secrets;
using Panel.Modules.Hetzner.Snapshots.Server;

namespace Panel.Modules.Hetzner.Features.SaveApiToken;

/// <summary>
/// A token is only stored once it is known to manage the server the panel runs on, with write access: the
/// server id comes from the metadata service, then that server is read with the token, then a side-effect-free
/// write probe tells a read-only token apart. Each failure has its own sentence beside the field.
/// </summary>
internal sealed class SaveApiTokenCommandHandler(
    HetznerDbContext db,
    IHetznerApi api,
    TokenVault vault,
    IAuditLog auditLog,
    ServerIdentity identity,
    WorkSignal signal,
    SnapshotMirror mirror,
    TimeProvider timeProvider) : IRequestHandler<SaveApiTokenCommand, SaveApiTokenResult>
{
    private const string Field = nameof(SaveApiTokenCommand.Token);

    /// <summary>The refusal when the metadata service does not answer: says nothing about the token itself.</summary>
    public const string NoMetadata =
        "The panel does not seem to run on a Hetzner Cloud server: the metadata service did not answer, so there is no server for this token to manage.";

    public async Task<SaveApiTokenResult> Handle(SaveApiTokenCommand request, CancellationToken cancellationToken)
    {
        var token = request.Token;
        var instance = await api.GetInstanceIdAsync(cancellationToken);
        if (!instance.IsSuccess)
        {
            throw new ValidationException(Field, NoMetadata);
        }

        var (server, refusal) = await TokenAccess.CheckAsync(api, token, instance.Value, cancellationToken);
        if (refusal is not null)
        {
            throw new ValidationException(Field, refusal);
        }

        return await StoreAsync(token, server!, cancellationToken);
    }

    private async Task<SaveApiTokenResult> StoreAsync(string token, HetznerServer server, CancellationToken cancellationToken)
    {
        // The mirror is held so that a refresh still running with the old token cannot mark the list fresh after
        // this save asked for a new one.
        await using var writer = await mirror.AcquireAsync(cancellationToken);
        var settings = await db.GetSettingsAsync(cancellationToken);
        var previousMask = settings.TokenMask;
        var mask = TokenVault.Mask(token);
        settings.ProtectedToken = vault.Protect(token);
        settings.TokenMask = mask;
        settings.TokenSavedAt = timeProvider.GetUtcNow();
        // A new token may see another list and price: the next loop pass refreshes both.
        await ServerBinding.BindAsync(db, server, timeProvider.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        // The token was just checked against the server the metadata service named, so a moved panel now belongs here.
        identity.Confirm(server.Id, server.Name);
        await auditLog.WriteAsync(
            new AuditEvent(HetznerModule.Id, AuditCodes.TokenUpdate,
                $"API token set to {mask} (was {previousMask ?? "none"}) for server {server.Name} ({server.Id})."),
            cancellationToken);
        signal.Notify();
        return new SaveApiTokenResult(mask, server.Id, server.Name);
    }
}
