using System.Net;
using System.Text.Json;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Panel.Modules.Hetzner.Integration;

/// <summary>
/// The retry rules of the official clients (hcloud-go v2, hcloud-python 2): API codes <c>conflict</c>,
/// <c>rate_limit_exceeded</c>, <c>bad_gateway</c>, <c>timeout</c>, plain 502/504, and requests that got no answer.
/// Everything else (500, 503, <c>locked</c>, ...) is surfaced at once.
/// </summary>
internal static class HetznerResilience
{
    /// <summary>Every request that is safe to repeat: all of them except <c>create_image</c>.</summary>
    public static void ConfigureRetrying(
        ResiliencePipelineBuilder<HttpResponseMessage> builder, HetznerResilienceOptions options, TimeProvider timeProvider)
    {
        builder.TimeProvider = timeProvider;
        builder
            .AddTimeout(options.TotalTimeout)
            .AddRetry(Backoff<HttpResponseMessage>(options, args => ShouldRetryAsync(args.Outcome, options, timeProvider), args => RateLimitDelay(args.Outcome, timeProvider)))
            .AddTimeout(options.AttemptTimeout);
    }

    /// <summary>
    /// Truncated exponential backoff with jitter (base doubling up to a cap), as the official clients do;
    /// <c>delayOverride</c> gives a delay the answer itself dictates (<c>RateLimit-Reset</c>), or null for the backoff.
    /// </summary>
    public static RetryStrategyOptions<T> Backoff<T>(
        HetznerResilienceOptions options,
        Func<RetryPredicateArguments<T>, ValueTask<bool>> shouldHandle,
        Func<RetryDelayGeneratorArguments<T>, TimeSpan?>? delayOverride = null) => new()
    {
        MaxRetryAttempts = options.MaxRetries,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = options.RetryBaseDelay,
        MaxDelay = options.RetryMaxDelay,
        ShouldHandle = shouldHandle,
        DelayGenerator = args => ValueTask.FromResult(delayOverride?.Invoke(args)),
    };

    /// <summary>A request that must reach Hetzner at most once per call: only the per-attempt timeout.</summary>
    public static void ConfigureSingleAttempt(
        ResiliencePipelineBuilder<HttpResponseMessage> builder, TimeSpan attemptTimeout, TimeProvider timeProvider)
    {
        builder.TimeProvider = timeProvider;
        builder.AddTimeout(attemptTimeout);
    }

    /// <summary>True for error codes the official clients retry (after a plain 502/504 the code is derived from the status).</summary>
    public static bool IsRetryableCode(string code) => code is "conflict" or "rate_limit_exceeded" or "bad_gateway" or "timeout";

    private static async ValueTask<bool> ShouldRetryAsync(
        Outcome<HttpResponseMessage> outcome, HetznerResilienceOptions options, TimeProvider timeProvider)
    {
        if (outcome.Exception is HttpRequestException or TimeoutRejectedException)
        {
            return true;
        }

        if (outcome.Result is not { } response)
        {
            return false;
        }

        switch (response.StatusCode)
        {
            case HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout:
                return true;
            case HttpStatusCode.TooManyRequests:
                // Waiting longer than the caller can afford only postpones the same refusal.
                return RateLimitDelay(outcome, timeProvider) is not { } wait || wait <= options.RateLimitMaxWait;
            case HttpStatusCode.Conflict:
                var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                return IsRetryableCode(ErrorCodeOf(body) ?? "");
            default:
                return false;
        }
    }

    private static TimeSpan? RateLimitDelay(Outcome<HttpResponseMessage> outcome, TimeProvider timeProvider)
    {
        if (outcome.Result is not { StatusCode: HttpStatusCode.TooManyRequests } response
            || HetznerRateLimitGate.ResetOf(response) is not { } reset)
        {
            return null;
        }

        var wait = reset - timeProvider.GetUtcNow();
        return wait > TimeSpan.Zero ? wait + HetznerRateLimitGate.ResetMargin : null;
    }

    public static string? ErrorCodeOf(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<ErrorEnvelope>(body, HetznerWire.Json)?.Error?.Code;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
