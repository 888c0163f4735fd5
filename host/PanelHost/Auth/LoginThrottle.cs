using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace PanelHost.Auth;

/// <summary>
/// The wrong-password lock-out (ADR-0015), keyed so that guesses from one place cannot lock the admin out from another:
/// <see cref="PerSource"/> wrong passwords for a user name from one source (a client address; an IPv6 /64) lock that
/// name from that source only; <see cref="PerName"/>, far more from all sources together (a distributed guess, which
/// one address alone cannot reach within the window), lock the name everywhere. Every user name is counted, known or
/// not, so that the answers never tell which names exist. In memory: the panel is one process, and a restart, which
/// an attacker cannot cause, only forgets counts. Also usable by other secrets checked per address (its names are
/// free-form keys).
/// </summary>
internal sealed class LoginThrottle(TimeProvider time)
{
    public static readonly ThrottleRule PerSource = new(5, TimeSpan.FromMinutes(5));
    public static readonly ThrottleRule PerName = new(100, TimeSpan.FromHours(1));

    // Made-up names from many addresses must not grow memory without bound; counters of real accounts stay.
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    /// <summary>Until when <paramref name="name"/> is locked for <paramref name="source"/>, or null when it is not.</summary>
    public DateTimeOffset? LockedUntil(string name, string source)
    {
        var now = time.GetUtcNow();
        return Latest(Find(SourceKey(name, source))?.LockedAt(now), Find(NameKey(name))?.LockedAt(now));
    }

    /// <summary>
    /// Counts a wrong answer for <paramref name="name"/> from <paramref name="source"/>; <paramref name="known"/> names a
    /// real account (never dropped to save memory). Returns until when the name is now locked for that source (null
    /// when it is not) and which lock this failure started, if any.
    /// </summary>
    public ThrottleFailure Fail(string name, string source, bool known)
    {
        var now = time.GetUtcNow();
        var bySource = CounterFor(SourceKey(name, source), known).Fail(PerSource, now);
        var byName = CounterFor(NameKey(name), known).Fail(PerName, now);
        var started = byName.Started ? LockScope.Everywhere : bySource.Started ? LockScope.Source : LockScope.None;
        return new ThrottleFailure(Latest(bySource.LockedUntil, byName.LockedUntil), started);
    }

    /// <summary>The right answer from this source forgets its earlier wrong ones (not those of other sources).</summary>
    public void Succeeded(string name, string source) => _counters.TryRemove(SourceKey(name, source), out _);

    /// <summary>The source of a request: its client address (after the trusted proxy headers), an IPv6 address by its /64.</summary>
    public static string SourceOf(HttpContext context) => SourceOf(context.Connection.RemoteIpAddress);

    public static string SourceOf(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        // One IPv6 host usually holds a whole /64, so single addresses would be free to rotate.
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static string SourceKey(string name, string source) => $"s|{source}|{name}";

    private static string NameKey(string name) => $"n|{name}";

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private Counter? Find(string key) => _counters.TryGetValue(key, out var counter) ? counter : null;

    private Counter CounterFor(string key, bool known)
    {
        if (_counters.Count >= Capacity && !_counters.ContainsKey(key))
        {
            Trim(time.GetUtcNow());
        }

        var counter = _counters.GetOrAdd(key, static _ => new Counter());
        counter.Known |= known;
        return counter;
    }

    /// <summary>Drops what has expired; if made-up names still fill it, the oldest counters of names that are no account.</summary>
    private void Trim(DateTimeOffset now)
    {
        foreach (var (key, counter) in _counters)
        {
            if (counter.Expired(now, key.StartsWith("n|", StringComparison.Ordinal) ? PerName : PerSource))
            {
                _counters.TryRemove(key, out _);
            }
        }

        var excess = _counters.Count - (Capacity * 9 / 10);
        if (excess > 0)
        {
            foreach (var key in _counters.Where(c => !c.Value.Known).OrderBy(c => c.Value.LastFailure).Take(excess).Select(c => c.Key).ToList())
            {
                _counters.TryRemove(key, out _);
            }
        }
    }

    private sealed class Counter
    {
        private readonly Lock _gate = new();
        private int _failures;
        private DateTimeOffset _since;
        private DateTimeOffset? _lockedUntil;

        public bool Known { get; set; }

        public DateTimeOffset LastFailure { get; private set; }

        public DateTimeOffset? LockedAt(DateTimeOffset now)
        {
            lock (_gate)
            {
                return _lockedUntil > now ? _lockedUntil : null;
            }
        }

        public bool Expired(DateTimeOffset now, ThrottleRule rule)
        {
            lock (_gate)
            {
                return !(_lockedUntil > now) && now - _since >= rule.Window;
            }
        }

        /// <summary>A failure while locked is not counted: the lock already holds, and it must not be extended by guessing.</summary>
        public (DateTimeOffset? LockedUntil, bool Started) Fail(ThrottleRule rule, DateTimeOffset now)
        {
            lock (_gate)
            {
                if (_lockedUntil > now)
                {
                    return (_lockedUntil, false);
                }

                if (_failures == 0 || now - _since >= rule.Window)
                {
                    _failures = 0;
                    _since = now;
                }

                LastFailure = now;
                if (++_failures < rule.MaxFailures)
                {
                    return (null, false);
                }

                _failures = 0;
                _lockedUntil = now + rule.Window;
                return (_lockedUntil, true);
            }
        }
    }
}

/// <summary><see cref="MaxFailures"/> wrong answers within <see cref="Window"/> lock for <see cref="Window"/>.</summary>
internal sealed record ThrottleRule(int MaxFailures, TimeSpan Window);

internal enum LockScope
{
    None,
    Source,
    Everywhere,
}

internal readonly record struct ThrottleFailure(DateTimeOffset? LockedUntil, LockScope Started);
