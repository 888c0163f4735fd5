using Hetzner.Simulator.State;

namespace Hetzner.Simulator;

/// <summary>
/// The in-memory project behind the simulator plus its test knobs. Thread-safe: tests change it while the HTTP side
/// serves requests.
/// </summary>
public sealed class SimulatorState
{
    private long _latencyTicks;

    internal SimulatorState(SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Time = options.TimeProvider;
        Project = new ProjectStore(Time);
        RateLimit = new RateLimitBucket(Time);
        Tokens.Add(options.ReadWriteToken, readOnly: false);
        Tokens.Add(options.ReadOnlyToken, readOnly: true);
        if (options.SeedDemoProject)
        {
            Project.AddServer(SimulatorDefaults.DemoServerName, "running", SimulatorDefaults.DemoServerId, SimulatorDefaults.DemoServerIpv4);
            Project.AddServer(SimulatorDefaults.SecondServerName, "running", SimulatorDefaults.DemoServerId + 1);
        }
    }

    internal TimeProvider Time { get; }

    internal ProjectStore Project { get; }

    internal RateLimitBucket RateLimit { get; }

    internal TokenStore Tokens { get; } = new();

    internal FaultQueue Faults { get; } = new();

    internal RequestLog Log { get; } = new();

    /// <summary>Wall-clock delay added before every API answer.</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref _latencyTicks, value.Ticks);
        }
    }

    /// <summary>Time a create_image action takes from running to success; applies to actions started afterwards.</summary>
    public TimeSpan ActionDuration
    {
        get => Project.ActionDuration;
        set => Project.ActionDuration = value;
    }

    /// <summary>Maximum number of snapshots; null means unlimited.</summary>
    public int? SnapshotQuota
    {
        get => Project.SnapshotQuota;
        set => Project.SnapshotQuota = value;
    }

    /// <summary>Setting it refills the budget to the new limit.</summary>
    public int RateLimitPerHour
    {
        get => RateLimit.Limit;
        set => RateLimit.Limit = value;
    }

    public IReadOnlyList<LoggedRequest> Requests => Log.Entries;

    /// <summary>API and metadata requests since start or the last <see cref="ClearRequests"/>; control requests never count.</summary>
    public int RequestCount => Log.Count;

    public IReadOnlyList<SimImage> Images =>
        [.. Project.Images().OrderBy(i => i.Id).Select(i => new SimImage(
            i.Id, i.Type, i.Status, i.Description, i.Labels, i.CreatedFromId ?? i.BoundTo, i.DeleteProtected, i.Created, i.ImageSizeGb))];

    public long AddServer(string name, string status = "running") => Project.AddServer(name, status);

    public long AddImage(SeedImage image) => Project.AddImage(image);

    public void AddToken(string token, bool readOnly) => Tokens.Add(token, readOnly);

    public void InjectFault(Fault fault) => Faults.Add(fault);

    public void ClearRequests() => Log.Clear();
}
