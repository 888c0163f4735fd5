using System.Globalization;

namespace Hetzner.Simulator.Api;

/// <summary>Typed access to query parameters; malformed values become 422 invalid_input like the API's.</summary>
internal sealed class QueryReader(IQueryCollection query)
{
    public string? Single(string name)
    {
        var values = query[name];
        return values.Count == 0 ? null : values[^1];
    }

    public IReadOnlyList<string> Many(string name) =>
        [.. query[name].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!)];

    public IReadOnlyList<long> Longs(string name) => [.. Many(name).Select(v => ParseLong(name, v))];

    public int? Int(string name)
    {
        var text = Single(name);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiException.InvalidInput(name, "must be an integer");
    }

    /// <summary>Accepts any letter case, because Python sends <c>True</c> where Go sends <c>true</c>.</summary>
    public bool Bool(string name)
    {
        var text = Single(name);
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        return bool.TryParse(text, out var value) ? value : throw ApiException.InvalidInput(name, "must be true or false");
    }

    private static long ParseLong(string name, string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiException.InvalidInput(name, "must be an integer");
}
