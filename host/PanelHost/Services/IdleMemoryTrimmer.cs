using System.Runtime;

namespace PanelHost.Services;

/// <summary>
/// Gives memory back once the panel falls quiet after a busy spell (ADR-0027): a busy spell leaves the GC with a large
/// gen0 budget and committed but empty regions that nothing collects while no request comes. One aggressive collection
/// <see cref="QuietAfter"/> after the last request decommits them. Nothing runs while the panel is idle: the timer is
/// armed by a request and disarms itself after the collection, so an idle panel wakes no thread (idle-CPU bench).
/// </summary>
internal sealed class IdleMemoryTrimmer : IDisposable
{
    /// <summary>How long without a request counts as quiet.</summary>
    public static readonly TimeSpan QuietAfter = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private long _lastRequestTicks;
    private int _armed;

    public IdleMemoryTrimmer(TimeProvider time)
    {
        _time = time;
        _timer = time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>How many collections it has made.</summary>
    public int Trims { get; private set; }

    /// <summary>Whether a collection is pending: a request came and the panel has not been quiet since.</summary>
    public bool Armed => Volatile.Read(ref _armed) == 1;

    /// <summary>Notes a request; arms the timer if it is not armed.</summary>
    public void Touch()
    {
        Volatile.Write(ref _lastRequestTicks, _time.GetTimestamp());
        // Read first: on a busy panel the timer is armed, and every request would otherwise write the shared flag.
        if (Volatile.Read(ref _armed) == 0 && Interlocked.Exchange(ref _armed, 1) == 0)
        {
            _timer.Change(QuietAfter, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnTimer()
    {
        if (RearmIfBusy())
        {
            return;
        }

        Volatile.Write(ref _armed, 0);
        // A request between the check above and the disarm found the timer armed and left it; look once more. A request
        // after the disarm arms it itself.
        if (RearmIfBusy())
        {
            return;
        }

        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Trims++;
    }

    /// <summary>Re-arms for the rest of the quiet period when a request came within it.</summary>
    private bool RearmIfBusy()
    {
        var quietFor = _time.GetElapsedTime(Volatile.Read(ref _lastRequestTicks));
        if (quietFor >= QuietAfter)
        {
            return false;
        }

        Volatile.Write(ref _armed, 1);
        _timer.Change(QuietAfter - quietFor, Timeout.InfiniteTimeSpan);
        return true;
    }

    public void Dispose() => _timer.Dispose();
}

/// <summary>Tells the <see cref="IdleMemoryTrimmer"/> about every request.</summary>
internal sealed class IdleMemoryTrimmerMiddleware(RequestDelegate next, IdleMemoryTrimmer trimmer)
{
    public Task InvokeAsync(HttpContext context)
    {
        trimmer.Touch();
        return next(context);
    }
}
