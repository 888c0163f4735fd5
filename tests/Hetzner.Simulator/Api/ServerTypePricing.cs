namespace Hetzner.Simulator.Api;

/// <summary>The <c>server_types</c> part of <c>GET /pricing</c>: the monthly price of the type every simulated server
/// has, per location, which the server's Backups cost a percentage of (<c>server_backup.percentage</c>).</summary>
internal static class ServerTypePricing
{
    public const string Cx22MonthlyNet = "3.7900";
    public const string Cx22MonthlyGross = "4.5101";

    public static IReadOnlyList<object> All { get; } =
    [
        new
        {
            id = ServerTypeDto.Cx22.Id,
            name = ServerTypeDto.Cx22.Name,
            prices = new[] { "fsn1", "nbg1", "hel1" }.Select(location => new
            {
                location,
                price_hourly = PricingEndpoints.Price("0.0061", "0.0073"),
                price_monthly = PricingEndpoints.Price(Cx22MonthlyNet, Cx22MonthlyGross),
                included_traffic = 21_990_232_555_520,
                price_per_tb_traffic = PricingEndpoints.Price("1.0000", "1.1900"),
            }).ToArray(),
        },
    ];
}
