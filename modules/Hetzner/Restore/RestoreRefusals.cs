using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Integration;

namespace Panel.Modules.Hetzner.Restore;

/// <summary>Hetzner's refusals of a new server or a rebuild, each as one plain sentence; field errors go beside the field.</summary>
internal static class RestoreRefusals
{
    public const string Quota =
        "Hetzner refused: the project has reached its limit of servers. Delete a server you no longer need or ask Hetzner to raise the limit.";

    public const string Locked =
        "Hetzner refused: another action (a snapshot, a restart, a rebuild) is still running on this server. Try again when it has finished.";

    public static string Unavailable(string serverType, string location) =>
        $"Hetzner refused: server type {serverType} cannot be ordered in {location} right now. Choose another type or location.";

    public static string TakenName(string name) => $"A server named “{name}” already exists in the Hetzner project. Choose another name.";

    /// <summary>
    /// The error as the admin should see it: a <see cref="ValidationException"/> when Hetzner names a field the form
    /// has (<paramref name="fields"/> maps API field names to the request's), otherwise a <see cref="ProblemException"/>.
    /// </summary>
    public static Exception For(HetznerError error, IReadOnlyDictionary<string, string> fields, string serverType, string location, string name)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(fields);
        if (error.Code == HetznerError.UniquenessError)
        {
            return new ValidationException(fields.GetValueOrDefault("name", "Name"), TakenName(name));
        }

        if (error.Code == HetznerError.InvalidInput && error.Fields?.FirstOrDefault(fields.ContainsKey) is { } field)
        {
            return new ValidationException(fields[field], $"Hetzner refused this value: {error.Message}.");
        }

        return error.Code switch
        {
            HetznerError.ResourceLimitExceeded => ProblemException.Conflict(Quota),
            HetznerError.ResourceUnavailable => ProblemException.Conflict(Unavailable(serverType, location)),
            HetznerError.Locked => ProblemException.Conflict(Locked),
            _ => ProblemException.Upstream(HetznerErrorText.Describe(error)),
        };
    }

    /// <summary>The sentence of <see cref="For"/>, for an operation that failed in the background.</summary>
    public static string Sentence(HetznerError error, string serverType, string location, string name) =>
        For(error, new Dictionary<string, string>(), serverType, location, name).Message;
}
