using System.Globalization;
using Panel.Modules.Hetzner.Features.ListSnapshots;

namespace Panel.Modules.Hetzner.Pages;

/// <summary>
/// What the Snapshots tab shows (search, type, sort, page size, page), read from the address and written back into
/// every link and form, so a view can be bookmarked and works without script. Values the address gets wrong fall back
/// to the defaults instead of failing.
/// </summary>
internal sealed record SnapshotView(string? Search, string? Type, string Sort, bool Ascending, int PageSize, int? RequestedPage)
{
    public const string Path = "/m/hetzner/snapshots";
    public const int DefaultPageSize = 50;

    public static IReadOnlyList<int> PageSizes { get; } = [25, 50, 100, 200];

    /// <summary>How many snapshots match the search and filter; known once the list is loaded.</summary>
    public int MatchingCount { get; init; }

    public int PageCount => Math.Max(1, (MatchingCount + PageSize - 1) / PageSize);

    public int CurrentPage => Math.Clamp(RequestedPage ?? 1, 1, Math.Min(PageCount, ListSnapshotsQueryValidator.MaxPage));

    public static SnapshotView From(string? search, string? type, string? sort, string? direction, int? pageSize, int? page)
    {
        var trimmed = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        var sortKey = sort is { } key && ListSnapshotsQuery.Sorts.Contains(key) ? key : "created";
        return new SnapshotView(
            trimmed?[..Math.Min(trimmed.Length, ListSnapshotsQueryValidator.MaxSearchLength)],
            type is { } kind && ListSnapshotsQuery.Types.Contains(kind) ? kind : null,
            sortKey,
            // Dates and sizes start largest/newest first, names A to Z, unless the address says otherwise.
            direction is "asc" or "desc" ? direction == "asc" : sortKey == "name",
            pageSize is { } size && PageSizes.Contains(size) ? size : DefaultPageSize,
            page);
    }

    public ListSnapshotsQuery Query(int page) => new(page, PageSize, Sort, Ascending, Search, Type);

    /// <summary>The query parameters of this view.</summary>
    public IEnumerable<(string Name, string Value)> Parameters(int? page = null)
    {
        if (Search is { } search)
        {
            yield return ("q", search);
        }

        if (Type is { } type)
        {
            yield return ("type", type);
        }

        if (Sort != "created" || Ascending)
        {
            yield return ("sort", Sort);
            yield return ("dir", Ascending ? "asc" : "desc");
        }

        if (PageSize != DefaultPageSize)
        {
            yield return ("size", PageSize.ToString(CultureInfo.InvariantCulture));
        }

        if ((page ?? CurrentPage) > 1)
        {
            yield return ("page", (page ?? CurrentPage).ToString(CultureInfo.InvariantCulture));
        }
    }

    public string Url(int? page = null, long? confirm = null, long? done = null, bool prune = false)
    {
        var parameters = Parameters(page).ToList();
        if (confirm is { } id)
        {
            parameters.Add(("confirm", id.ToString(CultureInfo.InvariantCulture)));
        }

        if (done is { } operation)
        {
            parameters.Add(("done", operation.ToString(CultureInfo.InvariantCulture)));
        }

        if (prune)
        {
            parameters.Add(("prune", "confirm"));
        }

        return WithQuery(parameters);
    }

    /// <summary>A column's header sorts by it; pressing it again reverses the order. The search and filter stay.</summary>
    public string SortUrl(string key)
    {
        var ascending = key == Sort ? !Ascending : key == "name";
        var parameters = Parameters(page: 1).Where(p => p.Name is not ("sort" or "dir")).ToList();
        parameters.Add(("sort", key));
        parameters.Add(("dir", ascending ? "asc" : "desc"));
        return WithQuery(parameters);
    }

    public string? AriaSort(string key) => key == Sort ? (Ascending ? "ascending" : "descending") : null;

    public string SortMark(string key) => key == Sort ? (Ascending ? " ▲" : " ▼") : "";

    /// <summary>The first, last and nearby pages; 0 stands for a gap.</summary>
    public IEnumerable<int> PageNumbers()
    {
        var previous = 0;
        for (var number = 1; number <= PageCount; number++)
        {
            if (number == 1 || number == PageCount || Math.Abs(number - CurrentPage) <= 2)
            {
                if (previous != 0 && number - previous > 1)
                {
                    yield return 0;
                }

                previous = number;
                yield return number;
            }
        }
    }

    private static string WithQuery(List<(string Name, string Value)> parameters) =>
        Path + (parameters.Count == 0 ? "" : "?" + string.Join("&", parameters.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}")));
}
