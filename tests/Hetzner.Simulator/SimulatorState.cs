using Hetzner.Simulator.State;

namespace Hetzner.Simulator;

/// <summary>
/// The in-memory project behind the simulator plus its test knobs. Thread-safe: tests change it while the HTTP side
/// serves requests.
/// </summary>
public sealed class SimulatorState
{
    private long _latencyTicks;
    private long _metadataServerId = SimulatorDefaults.DemoServerId;
    private volatile bool _metadataReachable = true;

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

    /// <summary>Maximum number of servers; null means unlimited. <c>POST /servers</c> beyond it is refused with
    /// <c>resource_limit_exceeded</c>.</summary>
    public int? ServerQuota
    {
        get => Project.ServerQuota;
        set => Project.ServerQuota = value;
    }

    /// <summary>Server types that cannot be ordered: <c>cx22</c> anywhere, or <c>cx22@hel1</c> in one location
    /// (<c>resource_unavailable</c>).</summary>
    public IReadOnlyList<string> UnavailableServerTypes
    {
        get => Project.UnavailableServerTypes;
        set => Project.UnavailableServerTypes = value;
    }

    /// <summary>Starts an action on the server that runs for <paramref name="duration"/>, so that it is locked meanwhile.</summary>
    public long LockServer(long serverId, TimeSpan duration) => Project.StartServerAction(serverId, "simulated_lock", duration).Id;

    /// <summary>Setting it refills the budget to the new limit.</summary>
    public int RateLimitPerHour
    {
        get => RateLimit.Limit;
        set => RateLimit.Limit = value;
    }

    /// <summary>
    /// The server the metadata service answers as, i.e. the server the panel runs on; any server of the project. Set
    /// it to another server to play a data folder copied, restored or moved to that server.
    /// </summary>
    public long MetadataServerId
    {
        get => Interlocked.Read(ref _metadataServerId);
        set
        {
            if (Project.FindServer(value) is null)
            {
                throw new ArgumentException($"metadataServerId {value} is not a server of the project.", nameof(value));
            }

            Interlocked.Exchange(ref _metadataServerId, value);
        }
    }

    /// <summary>False: metadata requests get no answer (the connection is dropped), like a link-local address that
    /// cannot be reached during a network blip.</summary>
    public bool MetadataReachable
    {
        get => _metadataReachable;
        set => _metadataReachable = value;
    }

    public IReadOnlyList<LoggedRequest> Requests => Log.Entries;

    /// <summary>API and metadata requests since start or the last <see cref="ClearRequests"/>; control requests never count.</summary>
    public int RequestCount => Log.Count;

    public IReadOnlyList<SimImage> Images =>
        [.. Project.Images().OrderBy(i => i.Id).Select(i => new SimImage(
            i.Id, i.Type, i.Status, i.Description, i.Labels, i.CreatedFromId ?? i.BoundTo, i.DeleteProtected, i.Created, i.ImageSizeGb))];

    public long AddServer(string name, string status = "running") => Project.AddServer(name, status);

    public long AddImage(SeedImage image) => Project.AddImage(image);

    /// <summary>Switches a server's Hetzner Backups on or off at once (an action that is already finished), as if an
    /// admin had done it in the Hetzner Console; off deletes the server's backups.</summary>
    public void ChangeBackups(long serverId, bool enabled) => Project.ChangeBackups(serverId, enabled, () => false, TimeSpan.Zero);

    public void AddToken(string token, bool readOnly) => Tokens.Add(token, readOnly);

    public void InjectFault(Fault fault) => Faults.Add(fault);

    public void ClearRequests() => Log.Clear();
}
