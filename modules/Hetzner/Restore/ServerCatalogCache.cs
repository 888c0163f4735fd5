using Panel.Modules.Hetzner.Integration;

namespace Panel.Modules.Hetzner.Restore;

/// <summary>
/// Server types, locations and prices, read from Hetzner at most every <see cref="Lifetime"/>: the restore form, its
/// summary and the validator all need them, and they change a few times a year.
/// </summary>
internal sealed class ServerCatalogCache(TimeProvider timeProvider)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly Lock _gate = new();
    private (HetznerServerCatalog Catalog, DateTimeOffset ReadAt)? _cached;

    public async Task<HetznerResult<HetznerServerCatalog>> GetAsync(IHetznerApi api, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        lock (_gate)
        {
            if (_cached is { } cached && timeProvider.GetUtcNow() - cached.ReadAt < Lifetime)
            {
                return HetznerResult<HetznerServerCatalog>.Ok(cached.Catalog);
            }
        }

        var read = await api.GetServerCatalogAsync(token, cancellationToken);
        if (read.Value is { } catalog)
        {
            lock (_gate)
            {
                _cached = (catalog, timeProvider.GetUtcNow());
            }
        }

        return read;
    }

    /// <summary>After a token change the next read goes to Hetzner (another project may sell other types).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _cached = null;
        }
    }
}
