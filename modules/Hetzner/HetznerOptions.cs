using Microsoft.Extensions.Configuration;

namespace Panel.Modules.Hetzner;

/// <summary>The module's own settings from <c>Modules:Hetzner</c> (the API client reads its keys separately).</summary>
internal sealed class HetznerOptions
{
    /// <summary><c>Modules:Hetzner:MirrorRefreshMinutes</c>: how often the snapshot list is refreshed in the background
    /// (the newest page; all pages while someone looks at the list).</summary>
    public TimeSpan MirrorRefreshInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary><c>Modules:Hetzner:MirrorFullRefreshMinutes</c>: how often all pages are read while nobody looks.</summary>
    public TimeSpan MirrorFullRefreshInterval { get; init; } = TimeSpan.FromHours(2);

    /// <summary><c>Modules:Hetzner:MirrorWatchMinutes</c>: how long a view of the list counts as someone looking.</summary>
    public TimeSpan MirrorWatchWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary><c>Modules:Hetzner:PriceCacheHours</c>: how long the snapshot price from <c>/pricing</c> is reused.</summary>
    public TimeSpan PriceCacheDuration { get; init; } = TimeSpan.FromHours(24);

    /// <summary><c>Modules:Hetzner:ImagePollSeconds</c>: how often a snapshot is checked when its action is unknown.</summary>
    public TimeSpan ImagePollInterval { get; init; } = TimeSpan.FromSeconds(5);

    public static HetznerOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = new HetznerOptions();
        return new HetznerOptions
        {
            MirrorRefreshInterval = Minutes(configuration, "MirrorRefreshMinutes") ?? defaults.MirrorRefreshInterval,
            MirrorFullRefreshInterval = Minutes(configuration, "MirrorFullRefreshMinutes") ?? defaults.MirrorFullRefreshInterval,
            MirrorWatchWindow = Minutes(configuration, "MirrorWatchMinutes") ?? defaults.MirrorWatchWindow,
            PriceCacheDuration = Hours(configuration, "PriceCacheHours") ?? defaults.PriceCacheDuration,
            ImagePollInterval = Seconds(configuration, "ImagePollSeconds") ?? defaults.ImagePollInterval,
        };
    }

    private static TimeSpan? Minutes(IConfiguration configuration, string key) =>
        configuration.GetValue<double?>(key) is { } value && value > 0 ? TimeSpan.FromMinutes(value) : null;

    private static TimeSpan? Hours(IConfiguration configuration, string key) =>
        configuration.GetValue<double?>(key) is { } value && value > 0 ? TimeSpan.FromHours(value) : null;

    private static TimeSpan? Seconds(IConfiguration configuration, string key) =>
        configuration.GetValue<double?>(key) is { } value && value > 0 ? TimeSpan.FromSeconds(value) : null;
}
