using Hetzner.Simulator.State;

namespace Hetzner.Simulator.Api;

/// <summary>
/// GET /pricing with the fields a snapshot cost estimate and the server choices need; prices are decimal strings in the project currency as
/// in the real API.
/// </summary>
internal static class PricingEndpoints
{
    public const string VatRate = "19.00";
    public const string ImageNetPerGbMonth = "0.0110";
    public const string ImageGrossPerGbMonth = "0.0131";

    public static void MapPricing(this RouteGroupBuilder v1) =>
        v1.MapGet("/pricing", () => ApiJson.Answer(new
        {
            pricing = new
            {
                currency = "EUR",
                vat_rate = VatRate,
                image = new { price_per_gb_month = Price(ImageNetPerGbMonth, ImageGrossPerGbMonth) },
                volume = new { price_per_gb_month = Price("0.0440", "0.0524") },
                server_backup = new { percentage = "20.00" },
                floating_ip = new { price_monthly = Price("3.0000", "3.5700") },
                floating_ips = Array.Empty<object>(),
                primary_ips = Array.Empty<object>(),
                load_balancer_types = Array.Empty<object>(),
                server_types = ServerCatalog.ServerTypes.Select(t => new { id = t.Id, name = t.Name, prices = ServerTypePriceDto.For(t) }),
            },
        }));

    public static object Price(string net, string gross) => new { net, gross };
}
