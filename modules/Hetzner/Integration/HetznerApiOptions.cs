namespace Panel.Modules.Hetzner.Integration;

/// <summary>Bound from the module's configuration section (<c>Modules:Hetzner</c>).</summary>
internal sealed class HetznerApiOptions
{
    public string ApiBaseUrl { get; set; } = "https://api.hetzner.cloud/v1";

    /// <summary>Plain HTTP by design: the metadata service is link-local and only answers inside the server.</summary>
    public string MetadataBaseUrl { get; set; } = "http://169.254.169.254/hetzner/v1/metadata";

    /// <summary>Short, because off a Hetzner server the link-local address never answers (hcloud-go uses 5 s too).</summary>
    public TimeSpan MetadataTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Section <c>Resilience</c>.</summary>
    public HetznerResilienceOptions Resilience { get; set; } = new();
}

/// <summary>
/// Retry, timeout, rate-limit and polling settings. The defaults follow the official clients (hcloud-go v2 and
/// hcloud-python: base 1 s doubling, full jitter, 5 retries); tests shrink them to milliseconds.
/// </summary>
internal sealed class HetznerResilienceOptions
{
    public int MaxRetries { get; set; } = 5;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>One call including all its retries and rate-limit waits.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The longest wait for <c>RateLimit-Reset</c>. A longer one would outlive any sensible caller, so the call
    /// fails at once with <c>rate_limit_exceeded</c> instead of sending a request that is bound to be refused.
    /// </summary>
    public TimeSpan RateLimitMaxWait { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan ActionPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Polls at <see cref="ActionPollInterval"/> before the interval starts to grow.</summary>
    public int ActionPollFastCount { get; set; } = 3;

    public double ActionPollBackoffFactor { get; set; } = 1.5;

    /// <summary>At 10 s a one-hour snapshot costs about 360 polls, a tenth of the hourly budget.</summary>
    public TimeSpan ActionPollMaxInterval { get; set; } = TimeSpan.FromSeconds(10);
}
