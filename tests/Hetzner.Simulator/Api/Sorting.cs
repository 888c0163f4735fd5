namespace Hetzner.Simulator.Api;

/// <summary>Repeatable <c>sort=field[:asc|:desc]</c>; the id breaks ties so pages never overlap.</summary>
internal static class Sorting
{
    public static IReadOnlyList<T> Apply<T>(
        IEnumerable<T> items,
        IReadOnlyList<string> sortParams,
        IReadOnlyDictionary<string, Func<T, IComparable?>> fields,
        Func<T, long> id)
    {
        IOrderedEnumerable<T>? ordered = null;
        foreach (var raw in sortParams.SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var (field, descending) = ParseOne(raw);
            if (!fields.TryGetValue(field, out var key))
            {
                throw ApiException.InvalidInput("sort", $"cannot sort by '{field}'");
            }

            ordered = ordered is null
                ? (descending ? items.OrderByDescending(key, NullFirstComparer.Instance) : items.OrderBy(key, NullFirstComparer.Instance))
                : (descending ? ordered.ThenByDescending(key, NullFirstComparer.Instance) : ordered.ThenBy(key, NullFirstComparer.Instance));
        }

        return ordered is null ? [.. items.OrderBy(id)] : [.. ordered.ThenBy(id)];
    }

    private static (string Field, bool Descending) ParseOne(string raw)
    {
        var colon = raw.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return (raw, false);
        }

        return raw[(colon + 1)..] switch
        {
            "asc" => (raw[..colon], false),
            "desc" => (raw[..colon], true),
            _ => throw ApiException.InvalidInput("sort", $"invalid sort direction in '{raw}'"),
        };
    }

    private sealed class NullFirstComparer : IComparer<IComparable?>
    {
        public static NullFirstComparer Instance { get; } = new();

        public int Compare(IComparable? x, IComparable? y) => (x, y) switch
        {
            (null, null) => 0,
            (null, _) => -1,
            (_, null) => 1,
            (string a, string b) => string.CompareOrdinal(a, b),
            _ => x.CompareTo(y),
        };
    }
}
