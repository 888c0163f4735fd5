using Microsoft.Extensions.Options;
using Panel.Modules.Hetzner.Snapshots.Scheduling;

namespace Panel.Modules.Hetzner.Snapshots.Mirror;

/// <summary>
/// Decides how much of Hetzner's snapshot list the background refresh reads, so a panel nobody looks at stays far
/// below the API budget (3,600 requests an hour per project, shared with the customer's other tools). Every
/// <see cref="HetznerOptions.MirrorRefreshInterval"/> the refresh reads the newest page (one request, newest first),
/// which is where snapshots made in the Hetzner Console appear. All pages are read while someone looks at the list
/// (a view counts for <see cref="HetznerOptions.MirrorWatchWindow"/>), at once when a view follows a quiet spell
/// with an old full read, and otherwise every <see cref="HetznerOptions.MirrorFullRefreshInterval"/>. Process-wide
/// and in memory: after a restart the first refresh reads everything.
/// </summary>
internal sealed class MirrorCadence(WorkSignal signal, IOptions<HetznerOptions> settings, TimeProvider timeProvider)
{
    private readonly HetznerOptions _options = settings.Value;
    private readonly Lock _gate = new();
    private DateTimeOffset _watchedUntil = DateTimeOffset.MinValue;
    private DateTimeOffset? _lastFullRead;
    private bool _catchUp;

    /// <summary>Someone looks at the list (the Snapshots tab or the list API). The first view after a quiet spell
    /// wakes the loop, which reads everything at once if the last full read is older than the refresh interval.</summary>
    public void Notice()
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            var quiet = _watchedUntil <= now;
            _watchedUntil = now + _options.MirrorWatchWindow;
            if (!quiet || !FullReadOlderThan(_options.MirrorRefreshInterval, now))
            {
                return;
            }

            _catchUp = true;
        }

        signal.Notify();
    }

    /// <summary>True when a view asked for a full read that has not been attempted yet.</summary>
    public bool CatchUpPending
    {
        get { lock (_gate) { return _catchUp; } }
    }

    /// <summary>True when the refresh due now must read all pages rather than the newest one.</summary>
    public bool FullReadDue()
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            var watched = _watchedUntil > now;
            return _catchUp || FullReadOlderThan(watched ? _options.MirrorRefreshInterval : _options.MirrorFullRefreshInterval, now);
        }
    }

    /// <summary>A full read is being attempted: a pending catch-up is used up whether it succeeds or not, so a failing
    /// API is retried at the refresh interval, never in a tight loop.</summary>
    public void FullReadStarted()
    {
        lock (_gate)
        {
            _catchUp = false;
        }
    }

    /// <summary>Every page was read successfully (a full refresh, or a newest page that held them all).</summary>
    public void FullReadDone(DateTimeOffset at)
    {
        lock (_gate)
        {
            _lastFullRead = at;
        }
    }

    private bool FullReadOlderThan(TimeSpan age, DateTimeOffset now) => _lastFullRead is not { } last || last + age <= now;
}
