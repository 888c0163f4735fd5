namespace Hetzner.Simulator.State;

/// <summary>Injected faults in arrival order; each match uses up one of its count.</summary>
internal sealed class FaultQueue
{
    private readonly Lock _gate = new();
    private readonly List<(Fault Fault, int Remaining)> _faults = [];

    public void Add(Fault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(fault.Count, 1);
        lock (_gate)
        {
            _faults.Add((fault, fault.Count));
        }
    }

    /// <summary>Takes the first fault matching the request, looking only at action faults or only at HTTP faults.</summary>
    public Fault? Take(string method, string path, bool actionFault)
    {
        lock (_gate)
        {
            var index = _faults.FindIndex(f => (f.Fault.Kind == FaultKind.ActionError) == actionFault && Matches(f.Fault, method, path));
            if (index < 0)
            {
                return null;
            }

            var (fault, remaining) = _faults[index];
            if (remaining <= 1)
            {
                _faults.RemoveAt(index);
            }
            else
            {
                _faults[index] = (fault, remaining - 1);
            }

            return fault;
        }
    }

    private static bool Matches(Fault fault, string method, string path) =>
        (fault.Method is null || string.Equals(fault.Method, method, StringComparison.OrdinalIgnoreCase))
        && (fault.PathContains is null || path.Contains(fault.PathContains, StringComparison.OrdinalIgnoreCase));
}
