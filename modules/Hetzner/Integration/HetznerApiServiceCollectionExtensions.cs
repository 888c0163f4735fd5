using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Integration;

// The conventional namespace for AddX extensions: callers need no extra using.
namespace Microsoft.Extensions.DependencyInjection;

internal static class HetznerApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IHetznerApi"/> (over a named client with retries), the single-attempt client for
    /// <c>create_image</c> and the metadata client. <paramref name="moduleSection"/> is the module's own section
    /// (<c>Modules:Hetzner</c>): keys <c>ApiBaseUrl</c>, <c>MetadataBaseUrl</c>, <c>MetadataTimeout</c>, <c>Resilience:*</c>,
    /// validated here (<see cref="ModuleOptions.AddValidatedOptions"/>).
    /// </summary>
    public static IServiceCollection AddHetznerApi(this IServiceCollection services, IConfiguration moduleSection)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HetznerRateLimitGate>();
        services.TryAddTransient<HetznerAttemptHandler>();
        services.AddValidatedOptions(moduleSection, new HetznerApiOptionsValidator(ModuleOptions.PathOf(moduleSection)));

        services.TryAddTransient<IHetznerApi, HetznerApiClient>();
        var api = services.AddHttpClient(HetznerApiClient.ApiClientName, (sp, client) => ConfigureApi(sp, client))
            // Consumers may hold the typed client for the process lifetime; a bounded connection life keeps DNS changes visible.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .RedactLoggedHeaders(_ => true);
        // Handlers run in the order added: the retry pipeline outside, the attempt handler inside it, once per attempt.
        api.AddResilienceHandler("hetzner-retry", (builder, context) => HetznerResilience.ConfigureRetrying(
            builder, Options(context.ServiceProvider).Resilience, context.ServiceProvider.GetRequiredService<TimeProvider>()));
        api.AddHttpMessageHandler<HetznerAttemptHandler>();

        // A fresh connection per create, as a cheap precaution (creates are rare): SocketsHttpHandler has its own
        // re-send for requests on a reused keep-alive connection that turns out to be closed, and a create re-sent
        // that way would bypass the duplicate check. (The simulator's abort did not trigger it; the rule stays.)
        var create = services.AddHttpClient(HetznerApiClient.CreateClientName, (sp, client) => ConfigureApi(sp, client))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero })
            .RedactLoggedHeaders(_ => true);
        create.AddResilienceHandler("hetzner-single-attempt", (builder, context) => HetznerResilience.ConfigureSingleAttempt(
            builder, Options(context.ServiceProvider).Resilience.AttemptTimeout, context.ServiceProvider.GetRequiredService<TimeProvider>()));
        create.AddHttpMessageHandler<HetznerAttemptHandler>();

        services.AddHttpClient(HetznerApiClient.MetadataClientName, (sp, client) =>
            {
                client.BaseAddress = new Uri(Options(sp).MetadataBaseUrl.TrimEnd('/') + "/");
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .RedactLoggedHeaders(_ => true)
            .AddResilienceHandler("hetzner-metadata", (builder, context) => HetznerResilience.ConfigureSingleAttempt(
                builder, Options(context.ServiceProvider).MetadataTimeout, context.ServiceProvider.GetRequiredService<TimeProvider>()));
        return services;
    }

    private static HetznerApiOptions Options(IServiceProvider services) =>
        services.GetRequiredService<IOptions<HetznerApiOptions>>().Value;

    private static void ConfigureApi(IServiceProvider services, HttpClient client)
    {
        client.BaseAddress = new Uri(Options(services).ApiBaseUrl.TrimEnd('/') + "/");
        // The resilience pipeline owns every timeout (through TimeProvider); HttpClient's own 100 s would cut rate-limit waits.
        client.Timeout = Timeout.InfiniteTimeSpan;
        client.DefaultRequestHeaders.UserAgent.ParseAdd("PanelHost-Hetzner/1.0");
    }
}
