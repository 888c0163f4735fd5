using MediatR;
using Panel.Contracts;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Integration;
using Panel.Modules.Hetzner.Snapshots;

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
    WorkSignal signal,
    SnapshotMirror mirror,
    TimeProvider timeProvider) : IRequestHandler<SaveApiTokenCommand, SaveApiTokenResult>
{
    private const string Field = nameof(SaveApiTokenCommand.Token);

    public async Task<SaveApiTokenResult> Handle(SaveApiTokenCommand request, CancellationToken cancellationToken)
    {
        var token = request.Token;
        var instance = await api.GetInstanceIdAsync(cancellationToken);
        if (!instance.IsSuccess)
        {
            throw new ValidationException(Field,
                "The panel does not seem to run on a Hetzner Cloud server: the metadata service did not answer, so there is no server for this token to manage.");
        }

        var serverId = instance.Value;
        var server = await api.GetServerAsync(token, serverId, cancellationToken);
        if (!server.IsSuccess)
        {
            throw server.Error!.Code switch
            {
                HetznerError.Unauthorized => new ValidationException(Field, "Hetzner did not accept this token: it is wrong, expired or was deleted."),
                HetznerError.NotFound => new ValidationException(Field,
                    $"This token belongs to another Hetzner project: the server the panel runs on (id {serverId}) is not in it."),
                _ => ProblemException.Upstream("The token could not be checked. " + HetznerErrorText.Describe(server.Error)),
            };
        }

        var canWrite = await api.CanWriteAsync(token, cancellationToken);
        if (!canWrite.IsSuccess)
        {
            throw ProblemException.Upstream("The token's permissions could not be checked. " + HetznerErrorText.Describe(canWrite.Error!));
        }

        if (!canWrite.Value)
        {
            throw new ValidationException(Field,
                "This token is read-only. Snapshots need a Read & Write token: create one in the Hetzner Console under Security, API Tokens.");
        }

        return await StoreAsync(token, server.Value!, cancellationToken);
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
        settings.ServerId = server.Id;
        settings.ServerName = server.Name;
        settings.ServerDiskGb = server.PrimaryDiskSizeGb;
        settings.UpdatedAt = settings.TokenSavedAt;

        // A new token may see another list and price: the next loop pass refreshes both.
        var state = await db.GetStateAsync(cancellationToken);
        state.MirrorRefreshedAt = null;
        state.MirrorErrorAt = null;
        state.PriceFetchedAt = null;
        await db.SaveChangesAsync(cancellationToken);

        await auditLog.WriteAsync(
            new AuditEvent(HetznerModule.Id, AuditCodes.TokenUpdate,
                $"API token set to {mask} (was {previousMask ?? "none"}) for server {server.Name} ({server.Id})."),
            cancellationToken);
        signal.Notify();
        return new SaveApiTokenResult(mask, server.Id, server.Name);
    }
}
