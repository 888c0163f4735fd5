using System.Text.RegularExpressions;

namespace Hetzner.Simulator.Selectors;

/// <summary>Label key and value syntax (hetzner-api.md section 5, SPEC <c>labels</c> patterns).</summary>
internal static partial class LabelRules
{
    private const string ReservedPrefix = "hetzner.cloud/";

    public static bool IsValidKey(string key)
    {
        var slash = key.LastIndexOf('/');
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (!NamePattern().IsMatch(name))
        {
            return false;
        }

        if (slash < 0)
        {
            return true;
        }

        var prefix = key[..slash];
        return prefix.Length <= 253 && PrefixPattern().IsMatch(prefix);
    }

    public static bool IsValidValue(string value) => ValuePattern().IsMatch(value);

    /// <summary>Returns the first problem with a label set a client wants to store, or null when it is valid.</summary>
    public static string? FindProblem(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, value) in labels)
        {
            if (!IsValidKey(key))
            {
                return $"label key '{key}' is invalid";
            }

            if (key.StartsWith(ReservedPrefix, StringComparison.Ordinal))
            {
                return $"label key prefix '{ReservedPrefix}' is reserved";
            }

            if (!IsValidValue(value))
            {
                return $"label value '{value}' of key '{key}' is invalid";
            }
        }

        return null;
    }

    [GeneratedRegex("^[a-zA-Z0-9]([a-zA-Z0-9._-]{0,61}[a-zA-Z0-9])?$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$")]
    private static partial Regex PrefixPattern();

    [GeneratedRegex("^(()|[a-z0-9A-Z]|([a-z0-9A-Z][a-z0-9A-Z._-]{0,61}[a-z0-9A-Z]))$")]
    private static partial Regex ValuePattern();
}
