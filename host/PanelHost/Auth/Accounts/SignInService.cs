using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PanelHost.Data;

namespace PanelHost.Auth.Accounts;

/// <summary>The admin a login opened a session for, and the stamp of the password it was opened with.</summary>
internal sealed record SignedIn(string UserName, string Stamp);

/// <summary>Login with lock-out: the same answers, and the same time spent, whether the user name exists or not (ADR-0015).</summary>
internal sealed class SignInService(
    IDbContextFactory<PanelDbContext> dbFactory,
    IPasswordHasher<AdminUser> hasher,
    AccountLockOut lockOut,
    LoginThrottle throttle,
    SessionStamps stamps,
    TimeProvider time)
{
    private const string Wrong = "The user name or password is wrong.";

    private static readonly AdminUser DummyUser = CreateDummy();

    /// <summary>
    /// Checks a login from <paramref name="source"/> (<see cref="LoginThrottle.SourceOf(HttpContext)"/>). A user name
    /// that does not exist is answered exactly as a wrong password, lock-out included.
    /// </summary>
    public async Task<AccountResult<SignedIn>> SignInAsync(string? userName, string? password, string source, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            return AccountResult.Refused<SignedIn>(AccountResult.WholeForm, "Enter your user name and password.");
        }

        var normalized = CredentialRules.Normalize(userName);
        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        if (!await db.Admins.AnyAsync(a => a.NormalizedUserName == normalized, ct).ConfigureAwait(false))
        {
            // Outside the account lock, so that made-up names cannot make a real admin's login wait.
            return UnknownUser(normalized, password, source);
        }

        using var held = await lockOut.HoldAsync(normalized, ct).ConfigureAwait(false);
        var admin = await db.Admins.SingleOrDefaultAsync(a => a.NormalizedUserName == normalized, ct).ConfigureAwait(false);
        if (admin is null)
        {
            return UnknownUser(normalized, password, source);
        }

        if (throttle.LockedUntil(normalized, source) is { } until)
        {
            return Locked(until);
        }

        var verdict = hasher.VerifyHashedPassword(admin, admin.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            return await lockOut.WrongPasswordAsync(admin, source, "login").ConfigureAwait(false) is { } locked ? Locked(locked) : Invalid();
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            admin.PasswordHash = hasher.HashPassword(admin, password);
        }

        throttle.Succeeded(normalized, source);
        admin.LastLoginAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        var stamp = SessionStamps.For(admin.PasswordHash);
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            stamps.Set(admin.UserName, stamp);
        }

        return AccountResult.Success(new SignedIn(admin.UserName, stamp));
    }

    private AccountResult<SignedIn> UnknownUser(string normalized, string password, string source)
    {
        // The same steps as for a real admin: the lock-out answer, and the time of a real password check otherwise.
        if (throttle.LockedUntil(normalized, source) is { } until)
        {
            return Locked(until);
        }

        hasher.VerifyHashedPassword(DummyUser, DummyUser.PasswordHash, password);
        return throttle.Fail(normalized, source, known: false).LockedUntil is { } locked ? Locked(locked) : Invalid();
    }

    private static AccountResult<SignedIn> Invalid() => AccountResult.Refused<SignedIn>(AccountResult.WholeForm, Wrong);

    private AccountResult<SignedIn> Locked(DateTimeOffset until) => AccountResult.LockedOut<SignedIn>(
        until,
        AccountResult.WholeForm,
        $"Too many failed attempts: try again in {Math.Max(1, Math.Ceiling((until - time.GetUtcNow()).TotalMinutes)):0} minutes.");

    private static AdminUser CreateDummy()
    {
        var user = new AdminUser { UserName = "-", NormalizedUserName = "-", PasswordHash = "" };
        user.PasswordHash = new PasswordHasher<AdminUser>().HashPassword(user, Guid.NewGuid().ToString());
        return user;
    }
}
