using Microsoft.Extensions.Options;
using Panel.Modules.Hetzner.Common;

namespace Panel.Modules.Hetzner.Integration;

/// <summary>The API client's settings, each bad one named by its key.</summary>
internal sealed class HetznerApiOptionsValidator(string sectionPath) : IValidateOptions<HetznerApiOptions>
{
    public ValidateOptionsResult Validate(string? name, HetznerApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new ModuleOptionFailures(sectionPath);
        HttpUrl(failures, nameof(HetznerApiOptions.ApiBaseUrl), options.ApiBaseUrl);
        HttpUrl(failures, nameof(HetznerApiOptions.MetadataBaseUrl), options.MetadataBaseUrl);
        PollyTimeout(failures, nameof(HetznerApiOptions.MetadataTimeout), options.MetadataTimeout);
        var resilience = options.Resilience;
        PollyTimeout(failures, Resilience(nameof(resilience.AttemptTimeout)), resilience.AttemptTimeout);
        PollyTimeout(failures, Resilience(nameof(resilience.TotalTimeout)), resilience.TotalTimeout);
        if (resilience.MaxRetries < 0)
        {
            failures.Add(Resilience(nameof(resilience.MaxRetries)), "must not be negative", resilience.MaxRetries);
        }

        if (resilience.ActionPollInterval <= TimeSpan.Zero)
        {
            failures.Add(Resilience(nameof(resilience.ActionPollInterval)), "must be a positive duration", resilience.ActionPollInterval);
        }

        if (!(resilience.ActionPollBackoffFactor >= 1))
        {
            failures.Add(Resilience(nameof(resilience.ActionPollBackoffFactor)), "must be at least 1", resilience.ActionPollBackoffFactor);
        }

        return failures.Result;
    }

    private static string Resilience(string key) => $"{nameof(HetznerApiOptions.Resilience)}:{key}";

    /// <summary>Polly's timeout strategy takes 10 ms to 1 day.</summary>
    private static void PollyTimeout(ModuleOptionFailures failures, string key, TimeSpan value)
    {
        if (value < TimeSpan.FromMilliseconds(10) || value > TimeSpan.FromDays(1))
        {
            failures.Add(key, "must lie between 00:00:00.010 and 1.00:00:00 (10 ms and 1 day)", value);
        }
    }

    private static void HttpUrl(ModuleOptionFailures failures, string key, string value)
    {
        if (!(Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            failures.Add(key, "must be an absolute http(s) URL", value);
        }
    }
}
