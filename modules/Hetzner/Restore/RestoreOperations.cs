using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panel.Modules.Hetzner.Data;

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

    /// <summary>A rebuild that waited for its fresh snapshot when the panel restarted: nothing was sent, and a
    /// destructive action is never sent without the admin, so it ended here.</summary>
    Interrupted,
}

/// <summary>A restore under way or finished: what the Restore page and <c>GET /restore/operations/{id}</c> show.</summary>
/// <param name="Id">The operation's id.</param>
/// <param name="Kind">CreateServer or Rebuild.</param>
/// <param name="Status">Pending (fresh snapshot first), Running, Succeeded, Failed or Interrupted (a rebuild not sent
/// because the panel restarted while it waited for its fresh snapshot).</param>
/// <param name="Step">What happens now, in a sentence.</param>
/// <param name="Progress">0 to 100 over all steps.</param>
/// <param name="SnapshotId">The snapshot restored from.</param>
/// <param name="SnapshotDescription">Its name.</param>
/// <param name="ServerId">The new or rebuilt server.</param>
/// <param name="ServerName">Its name.</param>
/// <param name="Ipv4">Its public IPv4, once it runs.</param>
/// <param name="FreshSnapshotOperationId">The snapshot run taken before a rebuild, if one was.</param>
/// <param name="Error">Why it failed or was interrupted, in a sentence.</param>
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
    public bool Finished => Status is RestoreStatus.Succeeded or RestoreStatus.Failed or RestoreStatus.Interrupted;
}

/// <summary>
/// The restores, kept in the module's database (<see cref="RestoreOperationRecord"/>) so that a restart neither loses
/// one under way nor forgets one that waited. Hetzner's progress within a step is kept in memory only: it is
/// reported on every poll, and the step it belongs to is on disk.
/// </summary>
internal sealed class RestoreOperations(IServiceScopeFactory scopes)
{
    private readonly ConcurrentDictionary<long, int> _progress = new();

    public async Task<RestoreOperationView> AddAsync(RestoreOperationRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HetznerDbContext>();
        db.Restores.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return record.ToView();
    }

    public async Task<RestoreOperationView?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var record = await ReadAsync(id, cancellationToken);
        return record?.ToView(record.Status is RestoreStatus.Pending or RestoreStatus.Running ? _progress.GetValueOrDefault(id) : null);
    }

    public async Task<RestoreOperationRecord?> ReadAsync(long id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HetznerDbContext>().Restores.AsNoTracking()
            .SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
    }

    /// <summary>The restores the previous process left unfinished, oldest first.</summary>
    public async Task<IReadOnlyList<RestoreOperationRecord>> UnfinishedAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HetznerDbContext>().Restores.AsNoTracking()
            .Where(r => r.Status == RestoreStatus.Pending || r.Status == RestoreStatus.Running)
            .OrderBy(r => r.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Changes an unfinished restore; a finished one stays as it ended.</summary>
    public async Task UpdateAsync(long id, Action<RestoreOperationRecord> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HetznerDbContext>();
        var record = await db.Restores.SingleAsync(r => r.Id == id, cancellationToken);
        if (record.Status is RestoreStatus.Pending or RestoreStatus.Running)
        {
            record.Progress = Math.Max(record.Progress, _progress.GetValueOrDefault(id));
            change(record);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Ends a restore with its outcome, unless it has already ended: the caller that gets the record back is
    /// the one that audits it, so an outcome is audited once, never twice.</summary>
    public async Task<RestoreOperationRecord?> FinishAsync(
        long id, RestoreStatus status, string step, string? error, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HetznerDbContext>();
        var progress = status == RestoreStatus.Succeeded ? 100 : _progress.GetValueOrDefault(id);
        var ended = await db.Restores
            .Where(r => r.Id == id && (r.Status == RestoreStatus.Pending || r.Status == RestoreStatus.Running))
            .ExecuteUpdateAsync(
                u => u.SetProperty(r => r.Status, status).SetProperty(r => r.Step, step).SetProperty(r => r.Error, error)
                    .SetProperty(r => r.FinishedAt, at).SetProperty(r => r.Progress, r => progress > r.Progress ? progress : r.Progress),
                cancellationToken);
        _progress.TryRemove(id, out _);
        return ended == 1 ? await db.Restores.AsNoTracking().SingleAsync(r => r.Id == id, cancellationToken) : null;
    }

    /// <summary>Hetzner's progress of the current step, 0-100 over the whole restore.</summary>
    public void Report(long id, int progress) => _progress.AddOrUpdate(id, progress, (_, current) => Math.Max(current, progress));
}
