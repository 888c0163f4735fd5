using System.Globalization;
using Hetzner.Simulator.State;

namespace Hetzner.Simulator.Api;

#pragma warning disable CA1812 // Instantiated by the mapping below, read by the serialiser.

internal sealed record ServerTypeDto(
    long Id,
    string Name,
    string Description,
    int Cores,
    double Memory,
    int Disk,
    string CpuType,
    string StorageType,
    string Architecture,
    string Category,
    bool Deprecated,
    DeprecationDto? Deprecation,
    IReadOnlyList<ServerTypePriceDto> Prices,
    IReadOnlyList<ServerTypeLocationDto> Locations)
{
    public static ServerTypeDto From(CatalogServerType t)
    {
        var deprecation = DeprecationDto.From(t);
        return new(
            t.Id, t.Name, t.Description, t.Cores, t.Memory, t.Disk, t.CpuType, "local", t.Architecture, t.Category, t.Deprecated, deprecation,
            ServerTypePriceDto.For(t),
            [.. ServerCatalog.Locations.Where(l => t.MonthlyNetByLocation.ContainsKey(l.Name)).Select(l => new ServerTypeLocationDto(l.Id, l.Name, deprecation))]);
    }
}

internal sealed record DeprecationDto(DateTimeOffset Announced, DateTimeOffset UnavailableAfter)
{
    public static DeprecationDto? From(CatalogServerType t) =>
        t is { DeprecationAnnounced: { } announced, UnavailableAfter: { } after } ? new(announced, after) : null;
}

internal sealed record ServerTypeLocationDto(long Id, string Name, DeprecationDto? Deprecation);

internal sealed record PriceDto(string Net, string Gross)
{
    /// <summary>Decimal strings as the API writes them (hetzner-api.md §9), gross with the simulated 19 % VAT.</summary>
    public static PriceDto OfNet(decimal net) => new(
        net.ToString("0.0000", CultureInfo.InvariantCulture), (net * ServerCatalog.VatFactor).ToString("0.0000", CultureInfo.InvariantCulture));
}

internal sealed record ServerTypePriceDto(string Location, PriceDto PriceHourly, PriceDto PriceMonthly, long IncludedTraffic, PriceDto PricePerTbTraffic)
{
    public const long IncludedTrafficBytes = 21_990_232_555_520;

    public static IReadOnlyList<ServerTypePriceDto> For(CatalogServerType t) =>
    [
        .. ServerCatalog.Locations.Where(l => t.MonthlyNetByLocation.ContainsKey(l.Name)).Select(l => new ServerTypePriceDto(
            l.Name,
            PriceDto.OfNet(Math.Round(t.MonthlyNetByLocation[l.Name] / ServerCatalog.HoursPerMonth, 4)),
            PriceDto.OfNet(t.MonthlyNetByLocation[l.Name]),
            IncludedTrafficBytes,
            PriceDto.OfNet(1m))),
    ];
}

internal sealed record LocationDto(
    long Id,
    string Name,
    string Description,
    string Country,
    string City,
    double Latitude,
    double Longitude,
    string NetworkZone)
{
    public static LocationDto From(CatalogLocation l) => new(l.Id, l.Name, l.Description, l.Country, l.City, l.Latitude, l.Longitude, l.NetworkZone);
}
