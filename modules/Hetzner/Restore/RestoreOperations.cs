using System.Collections.Concurrent;
using System.Text.Json.Serialization;

namespace Panel.Modules.Hetzner.Restore;

[JsonConverter(typeof(JsonStringEnumConverter<RestoreKind>))]
internal enum RestoreKind
{
    /// <summary>A new server from a snapshot.</summary>
    CreateServer,

    /// <summary>This server's disk replaced by a snapshot.</summary>
    Rebuild,
}

[JsonConverter(typeof(JsonStringEnumConverter<RestoreStatus>))]
internal enum RestoreStatus
{
    /// <summary>Waiting for the fresh snapshot that comes before a rebuild.</summary>
    Pending,

    /// <summary>Hetzner is working on it.</summary>
    Running,

    Succeeded,

    Failed,
}

/// <summary>A restore under way or finished: what the Restore page and <c>GET /restore/operations/{id}</c> show.</summary>
/// <param name="Id">The operation's id (this process only).</param>
/// <param name="Kind">CreateServer or Rebuild.</param>
/// <param name="Status">Pending (fresh snapshot first), Running, Succeeded or Failed.</param>
/// <param name="Step">What happens now, in a sentence.</param>
/// <param name="Progress">0 to 100 over all steps.</param>
/// <param name="SnapshotId">The snapshot restored from.</param>
/// <param name="SnapshotDescription">Its name.</param>
/// <param name="ServerId">The new or rebuilt server.</param>
/// <param name="ServerName">Its name.</param>
/// <param name="Ipv4">Its public IPv4, once it runs.</param>
/// <param name="FreshSnapshotOperationId">The snapshot run taken before a rebuild, if one was.</param>
/// <param name="Error">Why it failed, in a sentence.</param>
internal sealed record RestoreOperationView(
    long Id,
    RestoreKind Kind,
    RestoreStatus Status,
    string Step,
    int Progress,
    long SnapshotId,
    string SnapshotDescription,
    long? ServerId,
    string? ServerName,
    string? Ipv4,
    long? FreshSnapshotOperationId,
    string? Error)
{
    public bool Finished => Status is RestoreStatus.Succeeded or RestoreStatus.Failed;
}

/// <summary>
/// The restores of this process, in memory: a restore is watched by the process that started it, and a rebuild ends
/// this process anyway (the disk it runs from is replaced). The outcome of each is also on the Events page.
/// </summary>
internal sealed class RestoreOperations
{
    private readonly ConcurrentDictionary<long, RestoreOperationView> _operations = new();
    private long _lastId;

    public RestoreOperationView Add(Func<long, RestoreOperationView> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        var operation = create(Interlocked.Increment(ref _lastId));
        _operations[operation.Id] = operation;
        return operation;
    }

    public RestoreOperationView? Get(long id) => _operations.GetValueOrDefault(id);

    public RestoreOperationView Update(long id, Func<RestoreOperationView, RestoreOperationView> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return _operations.AddOrUpdate(id, _ => throw new InvalidOperationException($"No restore operation {id}."), (_, current) => change(current));
    }

    /// <summary>The newest unfinished restore, if any.</summary>
    public RestoreOperationView? Active() => _operations.Values.Where(o => !o.Finished).MaxBy(o => o.Id);
}
