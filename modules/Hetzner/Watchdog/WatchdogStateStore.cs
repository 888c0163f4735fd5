using Microsoft.EntityFrameworkCore;
using Panel.Modules.Hetzner.Data;

namespace Panel.Modules.Hetzner.Watchdog;

/// <summary>
/// Keeps what the dead man's switch last said (<see cref="WatchdogState.LastAlertAt"/>) in the module's database, so a
/// restart neither repeats an alert sent within the day nor loses the recovery message. The rule itself stays in
/// <see cref="SnapshotWatchdog"/>; this only loads its state before the first check of a process and writes it back
/// when a check changed it.
/// </summary>
internal sealed class WatchdogStateStore : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _loaded;
    private DateTimeOffset? _stored;

    /// <summary>Runs one check with the state loaded from and saved to <paramref name="db"/>; one check at a time.</summary>
    /// <remarks>Not generic on purpose: ReadyToRun cannot precompile a generic async method of the module instantiated
    /// over a framework value type, so it would be JIT-compiled at every start (bench/startup checks, ADR-0027).</remarks>
    public async Task<DateTimeOffset?> AroundAsync(HetznerDbContext db, WatchdogState state, Func<Task<DateTimeOffset?>> check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(check);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_loaded)
            {
                _stored = await db.State.AsNoTracking().Where(s => s.Id == ModuleStateRecord.SingletonId)
                    .Select(s => s.WatchdogAlertedAt).SingleAsync(cancellationToken);
                state.LastAlertAt = _stored;
                _loaded = true;
            }

            try
            {
                return await check();
            }
            finally
            {
                // Saved even when the check failed after changing it (an alert raised, then the database or the
                // notifier threw), so what was said is never said again by mistake.
                if (state.LastAlertAt != _stored)
                {
                    var value = state.LastAlertAt;
                    await db.State.Where(s => s.Id == ModuleStateRecord.SingletonId)
                        .ExecuteUpdateAsync(u => u.SetProperty(s => s.WatchdogAlertedAt, value), CancellationToken.None);
                    _stored = value;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
