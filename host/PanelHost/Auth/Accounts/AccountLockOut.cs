using Panel.Contracts;
using PanelHost.Data;

namespace PanelHost.Auth.Accounts;

/// <summary>
/// What sign-in and password change share: one password check of an admin at a time, and wrong passwords counted
/// towards the lock-out in <see cref="LoginThrottle"/> (ADR-0015), a lock that starts being audited.
/// </summary>
internal sealed class AccountLockOut(LoginThrottle throttle, IAuditLog audit)
{
    // Striped so that user names sent by strangers cannot grow it.
    private readonly SemaphoreSlim[] _accountLocks = [.. Enumerable.Range(0, 16).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>
    /// One password check or change of an admin at a time (the panel is one process): the lock-out counter is a
    /// read-modify-write around a slow hash check, and a login that read the old hash must not finish after a change.
    /// </summary>
    public async Task<IDisposable> HoldAsync(string normalizedUserName, CancellationToken ct)
    {
        var gate = _accountLocks[(int)((uint)StringComparer.Ordinal.GetHashCode(normalizedUserName) % (uint)_accountLocks.Length)];
        await gate.WaitAsync(ct).ConfigureAwait(false);
        return new Releaser(gate);
    }

    /// <summary>Counts a wrong password of a real admin; returns until when it is now locked for this source (a new lock is audited).</summary>
    public async Task<DateTimeOffset?> WrongPasswordAsync(AdminUser admin, string source, string where)
    {
        var failure = throttle.Fail(admin.NormalizedUserName, source, known: true);
        var what = failure.Started switch
        {
            LockScope.Source => $"from {source} for {LoginThrottle.PerSource.Window.TotalMinutes:0} minutes after {LoginThrottle.PerSource.MaxFailures} wrong passwords from there",
            LockScope.Everywhere => $"from every address for {LoginThrottle.PerName.Window.TotalMinutes:0} minutes after {LoginThrottle.PerName.MaxFailures} wrong passwords from all addresses within {LoginThrottle.PerName.Window.TotalMinutes:0} minutes",
            _ => null,
        };
        if (what is not null)
        {
            await audit.WriteAsync(new AuditEvent("panel", "ADMIN_LOCKOUT", $"Admin '{admin.UserName}' locked {what} ({where})"), CancellationToken.None).ConfigureAwait(false);
        }

        return failure.LockedUntil;
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
