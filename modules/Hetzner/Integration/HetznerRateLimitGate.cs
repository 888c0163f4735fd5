using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Panel.Modules.Hetzner.Integration;

/// <summary>
/// Remembers, per project, the last <c>RateLimit-Remaining</c>/<c>RateLimit-Reset</c> Hetzner sent, so that a
/// caller waits for the reset instead of sending a request that is bound to get a 429. The budget belongs to the
/// project, and a token stands for one project, so the state is keyed by a hash of the token (never the token).
/// </summary>
internal sealed class HetznerRateLimitGate(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, Budget> _budgets = new(StringComparer.Ordinal);

    /// <summary>
    /// Added to every wait for the reset: timers may fire a little early against the wall clock, and a request that
    /// arrives a millisecond before the reset is refused all the same.
    /// </summary>
    public static readonly TimeSpan ResetMargin = TimeSpan.FromMilliseconds(200);

    public static string KeyFor(string token) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)), 0, 8);

    /// <summary>How long to wait before the next request for this project may be sent (zero when it may go now).</summary>
    public TimeSpan DelayBeforeSend(string key)
    {
        if (!_budgets.TryGetValue(key, out var budget) || budget.Remaining > 0)
        {
            return TimeSpan.Zero;
        }

        var wait = budget.Reset - timeProvider.GetUtcNow();
        return wait > TimeSpan.Zero ? wait + ResetMargin : TimeSpan.Zero;
    }

    public void Observe(string key, HttpResponseMessage response)
    {
        var reset = ResetOf(response);
        var remaining = ReadLong(response, "RateLimit-Remaining");
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            remaining = 0;
        }

        if (remaining is { } left && reset is { } at)
        {
            _budgets[key] = new Budget(left, at);
        }
    }

    /// <summary>The <c>RateLimit-Reset</c> time of an answer (a UNIX time in seconds), if it has one.</summary>
    public static DateTimeOffset? ResetOf(HttpResponseMessage response) =>
        ReadLong(response, "RateLimit-Reset") is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    private static long? ReadLong(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    private sealed record Budget(long Remaining, DateTimeOffset Reset);
}

/// <summary>
/// What happened to the attempts of one logical call; shared by reference between the retry pipeline's copies of
/// the request, so the caller learns that an earlier attempt may have reached Hetzner.
/// </summary>
internal sealed class HetznerCallTrace
{
    public static readonly HttpRequestOptionsKey<HetznerCallTrace> Key = new("Panel.Hetzner.CallTrace");

    private int _attempts;
    private int _ambiguous;

    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>An attempt got no answer, or a 5xx: Hetzner may or may not have carried it out.</summary>
    public bool HadAmbiguousAttempt => Volatile.Read(ref _ambiguous) > 0;

    public void RecordAttempt() => Interlocked.Increment(ref _attempts);

    public void RecordAmbiguous() => Interlocked.Increment(ref _ambiguous);
}

/// <summary>Innermost handler: sees every single attempt, feeds the rate-limit gate and the call trace.</summary>
internal sealed class HetznerAttemptHandler(HetznerRateLimitGate gate) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.TryGetValue(HetznerCallTrace.Key, out var trace);
        trace?.RecordAttempt();
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            trace?.RecordAmbiguous();
            throw;
        }

        if ((int)response.StatusCode >= 500)
        {
            trace?.RecordAmbiguous();
        }

        if (request.Headers.Authorization?.Parameter is { } token)
        {
            gate.Observe(HetznerRateLimitGate.KeyFor(token), response);
        }

        return response;
    }
}
