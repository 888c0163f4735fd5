namespace Hetzner.Simulator.Api;

/// <summary><c>page</c>/<c>per_page</c> and <c>meta.pagination</c> (hetzner-api.md section 4).</summary>
internal static class Paging
{
    public const int DefaultPerPage = 25;
    public const int MaxPerPage = 50;

    /// <summary>Over-large and non-positive <c>per_page</c> values are clamped; the docs leave them open.</summary>
    public static (IReadOnlyList<T> Items, MetaDto Meta) Apply<T>(IReadOnlyList<T> items, QueryReader query)
    {
        var page = Math.Max(1, query.Int("page") ?? 1);
        var perPage = Math.Clamp(query.Int("per_page") ?? DefaultPerPage, 1, MaxPerPage);
        var lastPage = Math.Max(1, (items.Count + perPage - 1) / perPage);
        var slice = items.Skip((page - 1) * perPage).Take(perPage).ToList();
        var meta = new PaginationDto(
            page,
            perPage,
            page > 1 ? page - 1 : null,
            page < lastPage ? page + 1 : null,
            lastPage,
            items.Count);
        return (slice, new MetaDto(meta));
    }
}
