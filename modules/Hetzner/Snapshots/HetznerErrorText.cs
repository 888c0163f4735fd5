using Panel.Modules.Hetzner.Integration;

namespace Panel.Modules.Hetzner.Snapshots;

/// <summary>Turns a Hetzner error into one plain sentence for the admin (never containing the token).</summary>
internal static class HetznerErrorText
{
    public static string Describe(HetznerError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code switch
        {
            "unauthorized" => "Hetzner did not accept the API token: it is wrong, expired or was deleted. Save a new token on the Settings tab.",
            "token_readonly" => "The API token is read-only. Create a Read & Write token in the Hetzner Console and save it on the Settings tab.",
            "forbidden" => "The API token is not allowed to do this (forbidden).",
            "protected" => "The snapshot is delete-protected. Remove the protection in the Hetzner Console first.",
            "not_found" => "Hetzner does not know this resource (not found).",
            "locked" => "The server is busy with another action at Hetzner. Try again in a minute.",
            "rate_limit_exceeded" => "Hetzner's rate limit for this token is used up. Try again later.",
            "resource_limit_exceeded" => "The Hetzner project's snapshot limit is reached. Delete old snapshots or ask Hetzner to raise the limit.",
            HetznerError.NetworkError => "Hetzner's API could not be reached. Try again later.",
            _ => $"Hetzner answered with the error \"{error.Code}\" (HTTP {error.HttpStatus}): {error.Message}",
        };
    }
}
