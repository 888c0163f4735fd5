namespace Hetzner.Simulator.State;

internal sealed class RequestLog
{
    private readonly Lock _gate = new();
    private readonly List<LoggedRequest> _entries = [];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public IReadOnlyList<LoggedRequest> Entries
    {
        get { lock (_gate) { return [.. _entries]; } }
    }

    /// <summary>Counted on arrival, so a request that hangs or is dropped still shows up in the count.</summary>
    public void CountArrival() => Interlocked.Increment(ref _count);

    public void Add(LoggedRequest entry)
    {
        lock (_gate)
        {
            _entries.Add(entry);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _count, 0);
        }
    }
}
