namespace PanelHost.Auth;

/// <summary>
/// Per-address limit on login and first-run setup posts (a setup-code guess costs as much as a password guess):
/// <see cref="PermitLimit"/> a minute per client address, in fixed windows that
/// start with an address's first post. Counted on <see cref="TimeProvider"/> and checked only when a login is posted,
/// so an idle panel runs no timer for it (the framework's partitioned rate limiter wakes every 100 ms, ADR-0017).
/// </summary>
internal sealed class LoginRateLimit(TimeProvider time)
{
    public const int PermitLimit = 10;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // Windows that have ended are dropped once this many addresses are tracked, so strangers cannot grow it for ever.
    private const int SweepAbove = 256;

    private readonly Dictionary<string, (DateTimeOffset Start, int Count)> _windows = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Counts a login or setup post from <paramref name="address"/>; false when the address is over its limit.</summary>
    public bool TryAcquire(string address)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_windows.Count > SweepAbove)
            {
                foreach (var ended in _windows.Where(w => w.Value.Start + Window <= now).Select(w => w.Key).ToList())
                {
                    _windows.Remove(ended);
                }
            }

            (DateTimeOffset Start, int Count) window = _windows.TryGetValue(address, out var current) && current.Start + Window > now
                ? current
                : (now, 0);
            if (window.Count >= PermitLimit)
            {
                return false;
            }

            _windows[address] = (window.Start, window.Count + 1);
            return true;
        }
    }
}

/// <summary>Answers 429 to a login or setup post from an address over its <see cref="LoginRateLimit"/> limit. With a body of its
/// own: an empty one would be re-executed as the not-found page, whose antiforgery check turns a re-executed post into 400.</summary>
internal sealed class LoginRateLimitMiddleware(RequestDelegate next, LoginRateLimit throttle)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method)
            && IsLimited(request.Path)
            // By source as the lock-out counts (an IPv6 client by its /64), or a host could rotate its addresses for
            // more guesses of the setup code, which has no other limit.
            && !throttle.TryAcquire(LoginThrottle.SourceOf(context)))
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = ((int)LoginRateLimit.Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync("Too many login attempts from this address. Wait a minute and try again.", context.RequestAborted);
        }

        return next(context);
    }

    // Routing also answers "/login/" (and any case), so the limit must not depend on the exact spelling.
    private static bool IsLimited(PathString path)
    {
        var value = (path.Value ?? string.Empty).TrimEnd('/');
        return value.Equals("/login", StringComparison.OrdinalIgnoreCase) || value.Equals("/setup", StringComparison.OrdinalIgnoreCase);
    }
}
