using Panel.Modules.Hetzner.Integration;

namespace Panel.Modules.Hetzner.Restore;

/// <summary>
/// Server types, locations and prices, read from Hetzner at most every <see cref="Lifetime"/>: the restore form, its
/// summary and the validator all need them, and they change a few times a year. Kept per project (by a hash of the
/// token, never the token): a new token may belong to a project that sees other types or prices.
/// </summary>
internal sealed class ServerCatalogCache(TimeProvider timeProvider)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly Lock _gate = new();
    private (string Project, HetznerServerCatalog Catalog, DateTimeOffset ReadAt)? _cached;

    public async Task<HetznerResult<HetznerServerCatalog>> GetAsync(IHetznerApi api, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var project = HetznerRateLimitGate.KeyFor(token);
        lock (_gate)
        {
            if (_cached is { } cached && cached.Project == project && timeProvider.GetUtcNow() - cached.ReadAt < Lifetime)
            {
                return HetznerResult<HetznerServerCatalog>.Ok(cached.Catalog);
            }
        }

        var read = await api.GetServerCatalogAsync(token, cancellationToken);
        if (read.Value is { } catalog)
        {
            lock (_gate)
            {
                _cached = (project, catalog, timeProvider.GetUtcNow());
            }
        }

        return read;
    }
}
