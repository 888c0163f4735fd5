namespace Panel.Modules.Hetzner.Integration;

/// <summary>One plain sentence per error for an admin; never includes the token.</summary>
internal static class HetznerErrorText
{
    public static string Describe(HetznerError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code switch
        {
            HetznerError.Unauthorized => "Hetzner did not accept the API token. Check that it was copied completely and has not been deleted.",
            HetznerError.InvalidToken => "The API token is empty or contains characters a Hetzner token never has. Paste it again.",
            HetznerError.TokenReadOnly => "The API token is read-only. Create a token with Read & Write permission in the Hetzner Console.",
            HetznerError.Forbidden => "The API token is not allowed to do this in its Hetzner project.",
            HetznerError.Maintenance => "Hetzner is doing maintenance that blocks this operation. Try again later.",
            HetznerError.ResourceLimitExceeded => "The Hetzner project has reached a limit, for example its number of snapshots. Delete old snapshots or ask Hetzner to raise the limit.",
            HetznerError.NotFound => "Hetzner does not know this server or snapshot; it may have been deleted meanwhile.",
            HetznerError.Conflict => "The resource changed at Hetzner while the request ran. Try again.",
            HetznerError.Locked => "Another action is still running on this server or snapshot at Hetzner. Try again when it has finished.",
            HetznerError.Protected => "The snapshot is protected against deletion. Remove the protection first.",
            HetznerError.InvalidInput or HetznerError.UniquenessError => $"Hetzner rejected a value in the request: {error.Message}",
            HetznerError.RateLimitExceeded => "The Hetzner project has used up its hourly request budget. Wait a few minutes and try again.",
            HetznerError.NetworkError => "Hetzner could not be reached. Check the server's internet connection and try again.",
            HetznerError.ServerError or HetznerError.BadGateway or HetznerError.Timeout or HetznerError.ServiceError
                => "Hetzner had an internal problem with the request. Try again in a few minutes.",
            HetznerError.ResourceUnavailable => "Hetzner cannot provide what was asked for right now (for example a server type in a location). Choose another or try again later.",
            HetznerError.Unavailable => "This Hetzner service is unavailable at the moment. Try again later.",
            HetznerError.InvalidResponse => "Hetzner sent an answer the panel could not read. Try again later.",
            HetznerError.UnknownError => $"Hetzner reported an unexpected error: {error.Message}",
            HetznerError.ActionFailed => $"Hetzner could not finish the operation: {error.Message}",
            _ => $"Hetzner refused the request ({error.Code}): {error.Message}",
        };
    }
}
