using Panel.Modules.Hetzner.Integration;

namespace Panel.Modules.Hetzner.Restore;

/// <summary>Server types and locations: the restore form, its summary and the validator all need them. Their prices
/// come from the <see cref="PricingCache"/>.</summary>
internal sealed class ServerCatalogCache(TimeProvider timeProvider) : ProjectCache<HetznerServerCatalog>(timeProvider)
{
    protected override Task<HetznerResult<HetznerServerCatalog>> ReadAsync(IHetznerApi api, string token, CancellationToken cancellationToken) =>
        api.GetServerCatalogAsync(token, cancellationToken);
}
