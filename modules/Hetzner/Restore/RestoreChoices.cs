using Microsoft.EntityFrameworkCore;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Integration;
using Panel.Modules.Hetzner.Snapshots.Secrets;

namespace Panel.Modules.Hetzner.Restore;

/// <param name="Snapshot">The snapshot to restore from.</param>
/// <param name="ServerId">The server the panel runs on (the one a rebuild replaces).</param>
/// <param name="ServerName">Its name, which a rebuild asks the admin to type.</param>
/// <param name="ServerTypes">The types a server from this snapshot can have: x86, a disk at least as large as the
/// snapshot's, orderable now, each with its monthly gross price per location it is sold in.</param>
/// <param name="Locations">The locations at least one of those types is sold in.</param>
/// <param name="Currency">The currency of the prices.</param>
internal sealed record RestoreChoices(
    RestoreSnapshot Snapshot,
    long ServerId,
    string ServerName,
    IReadOnlyList<ServerTypeChoice> ServerTypes,
    IReadOnlyList<LocationChoice> Locations,
    string Currency)
{
    public ServerTypeChoice? Type(string? name) => ServerTypes.FirstOrDefault(t => t.Name == name);

    public LocationChoice? Location(string? name) => Locations.FirstOrDefault(l => l.Name == name);

    /// <summary>The monthly gross price of the type in the location; null when it is not sold there.</summary>
    public decimal? MonthlyPrice(string? type, string? location) =>
        Type(type)?.Prices.FirstOrDefault(p => p.Location == location)?.MonthlyGross;
}

/// <param name="Id">Hetzner's image id.</param>
/// <param name="Description">Its name.</param>
/// <param name="Created">When it was taken.</param>
/// <param name="DiskSizeGb">The disk it was taken from: a new server's disk must be at least this large.</param>
internal sealed record RestoreSnapshot(long Id, string Description, DateTimeOffset Created, double DiskSizeGb);

/// <param name="Name">Hetzner's name (cx22).</param>
/// <param name="Description">Hetzner's description.</param>
/// <param name="Cores">vCPUs.</param>
/// <param name="MemoryGb">RAM in GB.</param>
/// <param name="DiskGb">Disk in GB.</param>
/// <param name="Deprecated">Still orderable, but Hetzner will stop selling it.</param>
/// <param name="Prices">Monthly gross price per location it is sold in.</param>
internal sealed record ServerTypeChoice(string Name, string Description, int Cores, double MemoryGb, double DiskGb, bool Deprecated, IReadOnlyList<PriceChoice> Prices);

internal sealed record PriceChoice(string Location, decimal MonthlyGross);

internal sealed record LocationChoice(string Name, string Description, string City, string Country);

/// <summary>Reads the choices for one snapshot: from the local mirror (the snapshot), the cached catalog (types,
/// locations) and the cached price list.</summary>
internal sealed class RestoreChoicesReader(
    HetznerDbContext db, ConnectionReader connections, IHetznerApi api, ServerCatalogCache catalog, PricingCache pricing, TimeProvider timeProvider)
{
    public async Task<RestoreChoices> ReadAsync(long snapshotId, CancellationToken cancellationToken)
    {
        var connection = await connections.RequireAsync(cancellationToken);
        var snapshot = await FindSnapshotAsync(snapshotId, cancellationToken)
            ?? throw ProblemException.NotFound(NotRestorable(snapshotId));
        var read = await catalog.GetAsync(api, connection.Token, cancellationToken);
        var prices = read.IsSuccess ? await pricing.GetAsync(api, connection.Token, cancellationToken) : null;
        if (read.Value is not { } all || prices?.Value is not { } list)
        {
            throw ProblemException.Upstream($"The server types and prices could not be read. {HetznerErrorText.Describe(read.Error ?? prices!.Error!)}");
        }

        var now = timeProvider.GetUtcNow();
        // Prices come from /pricing, the documented source; the type's own list says where it is sold.
        var types = all.ServerTypes
            .Where(t => t.Architecture == "x86" && t.DiskGb >= snapshot.DiskSizeGb && !(t.UnavailableAfter is { } end && end <= now))
            .Select(t => (Type: t, Prices: list.ServerPrices(t.Name).Where(p => t.SoldIn is null || t.SoldIn.Contains(p.Key)).ToDictionary(StringComparer.Ordinal)))
            .Where(t => t.Prices.Count > 0)
            .OrderBy(t => t.Prices.Values.Min()).ThenBy(t => t.Type.Name, StringComparer.Ordinal)
            .Select(t => new ServerTypeChoice(t.Type.Name, t.Type.Description, t.Type.Cores, t.Type.MemoryGb, t.Type.DiskGb, t.Type.Deprecated,
                [.. all.Locations.Where(l => t.Prices.ContainsKey(l.Name)).Select(l => new PriceChoice(l.Name, t.Prices[l.Name]))]))
            .ToList();
        var locations = all.Locations
            .Where(l => types.Any(t => t.Prices.Any(p => p.Location == l.Name)))
            .Select(l => new LocationChoice(l.Name, l.Description, l.City, l.Country))
            .ToList();
        return new RestoreChoices(
            new RestoreSnapshot(snapshot.Id, snapshot.Description, snapshot.Created, snapshot.DiskSizeGb),
            connection.ServerId, connection.ServerName, types, locations, list.Currency);
    }

    /// <summary>One of this server's snapshots that is available (a snapshot still being made cannot be restored).</summary>
    public Task<SnapshotRecord?> FindSnapshotAsync(long snapshotId, CancellationToken cancellationToken) =>
        db.Snapshots.AsNoTracking().SingleOrDefaultAsync(s => s.Id == snapshotId && s.Status == "available", cancellationToken);

    public static string NotRestorable(long snapshotId) =>
        $"Snapshot {snapshotId} is not an available snapshot of this server. Refresh the list if it was made just now.";
}
