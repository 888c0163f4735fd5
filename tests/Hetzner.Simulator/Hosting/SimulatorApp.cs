using System.Text.Json.Serialization;
using Hetzner.Simulator.Api;
using Hetzner.Simulator.Control;
using Hetzner.Simulator.Metadata;

namespace Hetzner.Simulator.Hosting;

/// <summary>One composition for the standalone app and the in-process <see cref="SimulatorHost"/>.</summary>
internal static class SimulatorApp
{
    public const string ApiPrefix = "/v1";

    public static SimulatorState AddSimulator(this WebApplicationBuilder builder, SimulatorOptions options)
    {
        var state = new SimulatorState(options);
        builder.Services.AddSingleton(state);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return state;
    }

    public static void UseSimulator(this WebApplication app)
    {
        app.UseWhen(IsLogged, branch => branch.UseMiddleware<RequestLoggingMiddleware>());
        app.UseWhen(
            c => c.Request.Path.StartsWithSegments(ApiPrefix),
            branch => branch.UseMiddleware<ApiErrorMiddleware>().UseMiddleware<ApiGuardMiddleware>());

        var v1 = app.MapGroup(ApiPrefix);
        v1.MapServers();
        v1.MapServerCreation();
        v1.MapServerBackups();
        v1.MapImages();
        v1.MapActions();
        v1.MapPricing();
        app.MapMetadata();
        app.MapControl();
    }

    private static bool IsLogged(HttpContext context) =>
        context.Request.Path.StartsWithSegments(ApiPrefix) || context.Request.Path.StartsWithSegments(MetadataEndpoints.BasePath);
}
