namespace Hetzner.Simulator.State;

/// <summary>The project's request budget: full at the hourly limit, refilled continuously (hetzner-api.md section 7).</summary>
internal sealed class RateLimitBucket(TimeProvider time)
{
    private readonly Lock _gate = new();
    private int _limit = SimulatorDefaults.RateLimitPerHour;
    private double _tokens = SimulatorDefaults.RateLimitPerHour;
    private DateTimeOffset _updated = time.GetUtcNow();

    public int Limit
    {
        get { lock (_gate) { return _limit; } }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            lock (_gate)
            {
                _limit = value;
                _tokens = value;
                _updated = time.GetUtcNow();
            }
        }
    }

    public RateLimitDecision TryConsume()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var perSecond = _limit / 3600d;
            _tokens = Math.Min(_limit, _tokens + ((now - _updated).TotalSeconds * perSecond));
            _updated = now;
            var allowed = _tokens >= 1;
            if (allowed)
            {
                _tokens -= 1;
            }

            var secondsToFull = (_limit - _tokens) / perSecond;
            var reset = now.AddSeconds(Math.Ceiling(secondsToFull)).ToUnixTimeSeconds();
            return new RateLimitDecision(allowed, _limit, (int)Math.Floor(_tokens), reset);
        }
    }
}

internal readonly record struct RateLimitDecision(bool Allowed, int Limit, int Remaining, long ResetUnixSeconds);
