using System.Collections.Concurrent;

namespace Panel.Modules.Hetzner.Snapshots.Scheduling;

/// <summary>In-process locks around the two places where concurrent writers would clash.</summary>
internal sealed class ModuleLocks : IDisposable
{
    /// <summary>Held while checking for an active run and inserting a new one.</summary>
    public SemaphoreSlim Runs { get; } = new(1, 1);

    /// <summary>Held while the mirror is replaced with a fresh list from Hetzner.</summary>
    public SemaphoreSlim Mirror { get; } = new(1, 1);

    public void Dispose()
    {
        Runs.Dispose();
        Mirror.Dispose();
    }
}

/// <summary>Whether this process has settled the prune journal left by the previous one. Only the first pass may
/// take journal rows for leftovers: later, rows belong to a prune that is running right now.</summary>
internal sealed class PruneJournalCheck
{
    private int _done;

    public bool Done => Volatile.Read(ref _done) == 1;

    public void MarkDone() => Volatile.Write(ref _done, 1);
}

/// <summary>Wakes the scheduler loop early: a manual snapshot was requested, the schedule changed or a token was saved.</summary>
internal sealed class WorkSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the loop wakes once either way.
        }
    }

    /// <summary>Returns after <paramref name="timeout"/> on <paramref name="timeProvider"/>'s clock or when notified;
    /// with <see cref="Timeout.InfiniteTimeSpan"/> only when notified (no timer at all).</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var signalled = _signal.WaitAsync(stop.Token);
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            await signalled;
            return;
        }

        var delay = Task.Delay(timeout, timeProvider, stop.Token);
        await Task.WhenAny(delay, signalled);
        await stop.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    public void Dispose() => _signal.Dispose();
}

/// <summary>The live progress (0-100) of running snapshot actions, for the page that polls it.</summary>
internal sealed class RunProgress
{
    private readonly ConcurrentDictionary<long, int> _progress = new();

    public void Report(long runId, int percent) => _progress[runId] = Math.Clamp(percent, 0, 100);

    public int? Get(long runId) => _progress.TryGetValue(runId, out var percent) ? percent : null;

    public void Forget(long runId) => _progress.TryRemove(runId, out _);

    /// <summary>An <see cref="IProgress{T}"/> that records synchronously (Progress&lt;T&gt; would post and reorder).</summary>
    public IProgress<int> For(long runId) => new Reporter(this, runId);

    private sealed class Reporter(RunProgress owner, long runId) : IProgress<int>
    {
        public void Report(int value) => owner.Report(runId, value);
    }
}
