namespace PanelHost.Alerts;

/// <summary>Registers alert channels, the durable delivery queue and its worker (ADR-0032).</summary>
internal static class AlertServices
{
    public static IServiceCollection AddPanelAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(AlertOptions.From(configuration));
        services.AddSingleton<AlertSecrets>();
        services.AddSingleton<AlertSignal>();
        services.AddSingleton<AlertOutbox>();
        services.AddSingleton<AlertSender>();
        services.AddSingleton<AlertDispatcher>();
        services.AddSingleton<AlertChannelService>();
        // A webhook that hangs must not hold the queue for the default 100 s. No request logging: HttpClient's logs name
        // the full URL, whose path is the credential of a Slack or Discord webhook.
        services.AddHttpClient(AlertSender.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30)).RemoveAllLoggers();
        services.AddHostedService<AlertDeliveryWorker>();
        return services;
    }
}
