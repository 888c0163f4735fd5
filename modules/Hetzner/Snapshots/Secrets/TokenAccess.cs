using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Integration;

namespace Panel.Modules.Hetzner.Snapshots.Secrets;

/// <summary>
/// Whether a token can manage a server's snapshots: the server is read with the token, then a side-effect-free write
/// probe tells a read-only token apart. Saving a token and switching to another server ask the same questions.
/// </summary>
internal static class TokenAccess
{
    /// <summary>The server when the token may manage it, otherwise the sentence that says why not. Hetzner failing or
    /// not answering is a <see cref="ProblemException"/> (502), since it says nothing about the token.</summary>
    public static async Task<(HetznerServer? Server, string? Refusal)> CheckAsync(
        IHetznerApi api, string token, long serverId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var server = await api.GetServerAsync(token, serverId, cancellationToken);
        if (!server.IsSuccess)
        {
            return server.Error!.Code switch
            {
                HetznerError.Unauthorized => (null, "Hetzner did not accept this token: it is wrong, expired or was deleted."),
                HetznerError.NotFound => (null, $"This token belongs to another Hetzner project: the server the panel runs on (id {serverId}) is not in it."),
                _ => throw ProblemException.Upstream("The token could not be checked. " + HetznerErrorText.Describe(server.Error)),
            };
        }

        var canWrite = await api.CanWriteAsync(token, cancellationToken);
        if (!canWrite.IsSuccess)
        {
            throw ProblemException.Upstream("The token's permissions could not be checked. " + HetznerErrorText.Describe(canWrite.Error!));
        }

        return canWrite.Value
            ? (server.Value, null)
            : (null, "This token is read-only. Snapshots need a Read & Write token: create one in the Hetzner Console under Security, API Tokens.");
    }
}
