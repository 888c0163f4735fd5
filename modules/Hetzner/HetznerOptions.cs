using Microsoft.Extensions.Options;
using Panel.Modules.Hetzner.Common;

namespace Panel.Modules.Hetzner;

/// <summary>The module's own settings, bound from <c>Modules:Hetzner</c> (the API client's are
/// <see cref="Integration.HetznerApiOptions"/>). Keys and defaults are listed in the README.</summary>
internal sealed class HetznerOptions
{
    /// <summary>How often the snapshot list is refreshed in the background (the newest page; all pages while someone
    /// looks at the list).</summary>
    public double MirrorRefreshMinutes { get; set; } = 5;

    /// <summary>How often all pages are read while nobody looks.</summary>
    public double MirrorFullRefreshMinutes { get; set; } = 120;

    /// <summary>How long a view of the list counts as someone looking.</summary>
    public double MirrorWatchMinutes { get; set; } = 10;

    /// <summary>How long the snapshot price from <c>/pricing</c> is reused.</summary>
    public double PriceCacheHours { get; set; } = 24;

    /// <summary>How often a snapshot is checked when its action is unknown.</summary>
    public double ImagePollSeconds { get; set; } = 5;

    public TimeSpan MirrorRefreshInterval => TimeSpan.FromMinutes(MirrorRefreshMinutes);

    public TimeSpan MirrorFullRefreshInterval => TimeSpan.FromMinutes(MirrorFullRefreshMinutes);

    public TimeSpan MirrorWatchWindow => TimeSpan.FromMinutes(MirrorWatchMinutes);

    public TimeSpan PriceCacheDuration => TimeSpan.FromHours(PriceCacheHours);

    public TimeSpan ImagePollInterval => TimeSpan.FromSeconds(ImagePollSeconds);
}

/// <summary>Each value a positive duration of at most a year, named by its key when it is not.</summary>
internal sealed class HetznerOptionsValidator(string sectionPath) : IValidateOptions<HetznerOptions>
{
    private static readonly TimeSpan Longest = TimeSpan.FromDays(365);

    public ValidateOptionsResult Validate(string? name, HetznerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new ModuleOptionFailures(sectionPath);
        Duration(failures, nameof(HetznerOptions.MirrorRefreshMinutes), options.MirrorRefreshMinutes, "minutes", TimeSpan.FromMinutes(1));
        Duration(failures, nameof(HetznerOptions.MirrorFullRefreshMinutes), options.MirrorFullRefreshMinutes, "minutes", TimeSpan.FromMinutes(1));
        Duration(failures, nameof(HetznerOptions.MirrorWatchMinutes), options.MirrorWatchMinutes, "minutes", TimeSpan.FromMinutes(1));
        Duration(failures, nameof(HetznerOptions.PriceCacheHours), options.PriceCacheHours, "hours", TimeSpan.FromHours(1));
        Duration(failures, nameof(HetznerOptions.ImagePollSeconds), options.ImagePollSeconds, "seconds", TimeSpan.FromSeconds(1));
        return failures.Result;
    }

    private static void Duration(ModuleOptionFailures failures, string key, double value, string unit, TimeSpan one)
    {
        var most = Longest / one;
        if (!(value > 0 && value <= most))
        {
            failures.Add(key, $"must be a number of {unit} above 0 and at most {most:0} (a year)", value);
        }
    }
}
