namespace Hetzner.Simulator.State;

/// <summary>A location as <c>GET /locations</c> lists it.</summary>
internal sealed record CatalogLocation(
    long Id, string Name, string Description, string Country, string City, double Latitude, double Longitude, string NetworkZone);

/// <summary>
/// A server type and its monthly net price per location (gross adds the VAT of <c>/pricing</c>); a type is orderable
/// only in the locations it has a price for.
/// </summary>
internal sealed record CatalogServerType(
    long Id,
    string Name,
    string Description,
    int Cores,
    double Memory,
    int Disk,
    string CpuType,
    string Architecture,
    string Category,
    IReadOnlyDictionary<string, decimal> MonthlyNetByLocation,
    DateTimeOffset? DeprecationAnnounced = null,
    DateTimeOffset? UnavailableAfter = null)
{
    public bool Deprecated => DeprecationAnnounced is not null;
}

/// <summary>
/// The fixed server types and locations of the simulated project: enough variety for the panel's choices (a deprecated
/// type, a type not sold everywhere, an Arm type, different disk sizes) with prices in the shape of the real ones.
/// </summary>
internal static class ServerCatalog
{
    public const decimal VatFactor = 1.19m;

    /// <summary>What a month counts as in Hetzner's hourly prices (the monthly price is the cap).</summary>
    public const int HoursPerMonth = 730;

    public static IReadOnlyList<CatalogLocation> Locations { get; } =
    [
        new(1, "fsn1", "Falkenstein DC Park 1", "DE", "Falkenstein", 50.47612, 12.370071, "eu-central"),
        new(2, "nbg1", "Nuremberg DC Park 1", "DE", "Nuremberg", 49.452102, 11.076665, "eu-central"),
        new(3, "hel1", "Helsinki DC Park 1", "FI", "Helsinki", 60.169855, 24.938379, "eu-central"),
        new(4, "ash", "Ashburn, VA", "US", "Ashburn, VA", 39.045821, -77.487073, "us-east"),
    ];

    public static IReadOnlyList<CatalogServerType> ServerTypes { get; } =
    [
        new(22, "cpx11", "CPX 11", 2, 2, 40, "shared", "x86", "regular_purpose",
            Prices(("fsn1", 4.35m), ("nbg1", 4.35m), ("hel1", 4.35m), ("ash", 4.99m)),
            DeprecationAnnounced: new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero),
            UnavailableAfter: new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero)),
        new(104, "cx22", "CX22", 2, 4, 40, "shared", "x86", "cost_optimized",
            Prices(("fsn1", 3.79m), ("nbg1", 3.79m), ("hel1", 3.79m))),
        new(105, "cx32", "CX32", 4, 8, 80, "shared", "x86", "cost_optimized",
            Prices(("fsn1", 6.80m), ("nbg1", 6.80m), ("hel1", 6.80m))),
        new(106, "cx42", "CX42", 8, 16, 160, "shared", "x86", "cost_optimized",
            Prices(("fsn1", 16.40m), ("nbg1", 16.40m))),
        new(45, "cax11", "CAX11", 2, 4, 40, "shared", "arm", "cost_optimized",
            Prices(("fsn1", 3.79m), ("nbg1", 3.79m), ("hel1", 3.79m))),
    ];

    public static CatalogServerType Default => ServerTypes.Single(t => t.Name == "cx22");

    public static CatalogLocation DefaultLocation => Locations[0];

    /// <summary>By name, or by id given as a number or as digits (the API takes either).</summary>
    public static CatalogServerType? FindServerType(string idOrName) =>
        ServerTypes.FirstOrDefault(t => t.Name == idOrName || t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == idOrName);

    public static CatalogLocation? FindLocation(string idOrName) =>
        Locations.FirstOrDefault(l => l.Name == idOrName || l.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == idOrName);

    public static CatalogServerType ServerTypeNamed(string name) => ServerTypes.Single(t => t.Name == name);

    public static CatalogLocation LocationNamed(string name) => Locations.Single(l => l.Name == name);

    private static Dictionary<string, decimal> Prices(params (string Location, decimal Net)[] prices) =>
        prices.ToDictionary(p => p.Location, p => p.Net, StringComparer.Ordinal);
}
