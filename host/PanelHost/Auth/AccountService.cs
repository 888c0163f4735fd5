using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Panel.Contracts;
using PanelHost.Data;

namespace PanelHost.Auth;

/// <summary>Admin accounts and automation keys: first-run setup, password check with lock-out, password change,
/// key creation, revocation and validation.</summary>
internal sealed class AccountService(
    IDbContextFactory<PanelDbContext> dbFactory,
    IPasswordHasher<AdminUser> hasher,
    IAuditLog audit,
    SessionStamps stamps,
    LoginThrottle throttle,
    TimeProvider time)
{
    // Striped so that user names sent by strangers cannot grow it.
    private readonly SemaphoreSlim[] _accountLocks = [.. Enumerable.Range(0, 16).Select(_ => new SemaphoreSlim(1, 1))];

    public async Task<bool> SetupRequiredAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        return !await db.Admins.AnyAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Creates the first admin; refuses once any admin exists, so the setup page cannot be replayed. Returns
    /// the stamp to open its session with, or the errors by field.</summary>
    public async Task<(string? Stamp, IReadOnlyDictionary<string, string> Errors)> CreateFirstAdminAsync(string userName, string password, CancellationToken ct)
    {
        var errors = CredentialRules.Check(userName, password);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        if (await db.Admins.AnyAsync(ct).ConfigureAwait(false))
        {
            return (null, new Dictionary<string, string> { [""] = "The panel is already set up. Log in instead." });
        }

        var admin = NewAdmin(userName, password);
        db.Admins.Add(admin);
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        var stamp = SessionStamps.For(admin.PasswordHash);
        stamps.Set(admin.UserName, stamp);
        await audit.WriteAsync(new AuditEvent("panel", "ADMIN_USER_ADD", $"Admin '{userName}' created at first-run setup"), CancellationToken.None).ConfigureAwait(false);
        return (stamp, errors);
    }

    /// <summary>
    /// Checks a login from <paramref name="source"/> (<see cref="LoginThrottle.SourceOf(HttpContext)"/>). A user name
    /// that does not exist is answered exactly as a wrong password, lock-out included.
    /// </summary>
    public async Task<LoginOutcome> LoginAsync(string userName, string password, string source, CancellationToken ct)
    {
        var normalized = Normalize(userName);
        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        if (!await db.Admins.AnyAsync(a => a.NormalizedUserName == normalized, ct).ConfigureAwait(false))
        {
            // Outside the account lock, so that made-up names cannot make a real admin's login wait.
            return UnknownUser(normalized, password, source);
        }

        using var held = await AccountLock(normalized, ct).ConfigureAwait(false);
        var admin = await db.Admins.SingleOrDefaultAsync(a => a.NormalizedUserName == normalized, ct).ConfigureAwait(false);
        if (admin is null)
        {
            return UnknownUser(normalized, password, source);
        }

        if (throttle.LockedUntil(normalized, source) is { } until)
        {
            return LoginOutcome.Locked(until);
        }

        var verdict = hasher.VerifyHashedPassword(admin, admin.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            return await WrongPasswordAsync(admin, source, "login").ConfigureAwait(false) is { } locked ? LoginOutcome.Locked(locked) : LoginOutcome.Invalid;
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

        return LoginOutcome.Success(admin.UserName, stamp);
    }

    /// <summary>
    /// Changes the signed-in admin's password after checking the current one (wrong answers count towards the same
    /// lock-out as logins, so a stolen session cannot be used to guess the password). On success every other session
    /// of this admin ends: their cookies carry the old stamp. Returns the new stamp, or the errors by field.
    /// </summary>
    public async Task<(string? Stamp, IReadOnlyDictionary<string, string> Errors)> ChangePasswordAsync(
        string userName, string currentPassword, string newPassword, string source, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(currentPassword))
        {
            return (null, new Dictionary<string, string> { ["CurrentPassword"] = "Current password is required." });
        }

        var normalized = Normalize(userName);
        using var held = await AccountLock(normalized, ct).ConfigureAwait(false);
        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var admin = await db.Admins.SingleOrDefaultAsync(a => a.NormalizedUserName == normalized, ct).ConfigureAwait(false);
        if (admin is null)
        {
            return (null, new Dictionary<string, string> { [""] = "Your account no longer exists." });
        }

        if (throttle.LockedUntil(normalized, source) is not null)
        {
            return (null, new Dictionary<string, string> { ["CurrentPassword"] = "Too many wrong passwords. Try again in a few minutes." });
        }

        if (hasher.VerifyHashedPassword(admin, admin.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
        {
            var locked = await WrongPasswordAsync(admin, source, "password change").ConfigureAwait(false) is not null;
            return (null, new Dictionary<string, string>
            {
                ["CurrentPassword"] = locked ? "Too many wrong passwords. Try again in a few minutes." : "The current password is not correct.",
            });
        }

        // The right current password clears earlier wrong answers from here, as a login does.
        throttle.Succeeded(normalized, source);
        var errors = new Dictionary<string, string>();
        if (CredentialRules.Check(admin.UserName, newPassword).TryGetValue("Password", out var rule))
        {
            errors["NewPassword"] = rule.Replace("Password", "The new password", StringComparison.Ordinal);
        }
        else if (string.Equals(currentPassword, newPassword, StringComparison.Ordinal))
        {
            errors["NewPassword"] = "The new password must differ from the current one.";
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        admin.PasswordHash = hasher.HashPassword(admin, newPassword);
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        var stamp = SessionStamps.For(admin.PasswordHash);
        stamps.Set(admin.UserName, stamp);
        await audit.WriteAsync(new AuditEvent("panel", "ADMIN_PASSWORD_CHANGE", $"Admin '{admin.UserName}' changed the password; other sessions were ended"), CancellationToken.None).ConfigureAwait(false);
        return (stamp, errors);
    }

    /// <summary>The automation keys that still work, newest first (the secret itself is never stored).</summary>
    public async Task<IReadOnlyList<ApiKey>> ListKeysAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        return await db.ApiKeys.AsNoTracking().Where(k => k.RevokedAt == null).OrderByDescending(k => k.Id).ToListAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Creates an automation key and returns it; this is the only time the key can be read.</summary>
    public async Task<(string? Key, IReadOnlyDictionary<string, string> Errors)> CreateKeyAsync(string? name, string createdBy, CancellationToken ct)
    {
        var trimmed = name?.Trim() ?? "";
        var errors = new Dictionary<string, string>();
        if (trimmed.Length == 0)
        {
            errors["Name"] = "Name is required.";
        }
        else if (trimmed.Length > 100 || !trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '.' or '_' or '-'))
        {
            errors["Name"] = "Name must be at most 100 characters: letters, digits, spaces, '.', '_' or '-'.";
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        if (await db.ApiKeys.AnyAsync(k => k.RevokedAt == null && k.Name == trimmed, ct).ConfigureAwait(false))
        {
            return (null, new Dictionary<string, string> { ["Name"] = $"A key named '{trimmed}' exists already." });
        }

        var key = RandomNumberGenerator.GetHexString(64, lowercase: true);
        db.ApiKeys.Add(new ApiKey { Name = trimmed, KeyHash = HashKey(key), Prefix = key[..4], CreatedAt = time.GetUtcNow() });
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        await audit.WriteAsync(new AuditEvent("panel", "API_KEY_ADD", $"Automation key '{trimmed}' created by {createdBy}"), CancellationToken.None).ConfigureAwait(false);
        return (key, errors);
    }

    /// <summary>Revokes a key at once. The row stays (revoked) so that bootstrap provisioning never brings it back.</summary>
    public async Task<string?> RevokeKeyAsync(int id, string revokedBy, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id && k.RevokedAt == null, ct).ConfigureAwait(false);
        if (key is null)
        {
            return null;
        }

        key.RevokedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        await audit.WriteAsync(new AuditEvent("panel", "API_KEY_DELETE", $"Automation key '{key.Name}' revoked by {revokedBy}"), CancellationToken.None).ConfigureAwait(false);
        return key.Name;
    }

    /// <summary>Creates the admin and the automation key from configuration when they do not exist yet (unattended provisioning).</summary>
    public async Task BootstrapAsync(string? userName, string? password, string? apiKey, ILogger log, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        if (!string.IsNullOrWhiteSpace(userName) && !string.IsNullOrEmpty(password))
        {
            var normalized = Normalize(userName);
            if (!await db.Admins.AnyAsync(a => a.NormalizedUserName == normalized, ct).ConfigureAwait(false))
            {
                var errors = CredentialRules.Check(userName, password);
                if (errors.Count > 0)
                {
                    throw new InvalidOperationException($"Panel:Bootstrap:AdminUser/AdminPassword rejected: {string.Join(" ", errors.Values)}");
                }

                db.Admins.Add(NewAdmin(userName, password));
                log.LogInformation("Bootstrap created admin {UserName}", userName);
            }
        }

        // Keys are trimmed where they are presented (the Bearer header), so also where they are configured.
        apiKey = apiKey?.Trim();
        if (!string.IsNullOrEmpty(apiKey))
        {
            if (apiKey.Length < CredentialRules.MinApiKeyLength)
            {
                throw new InvalidOperationException($"Panel:Bootstrap:ApiKey must be at least {CredentialRules.MinApiKeyLength} characters long.");
            }

            var hash = HashKey(apiKey);
            var existing = await db.ApiKeys.SingleOrDefaultAsync(k => k.KeyHash == hash, ct).ConfigureAwait(false);
            if (existing is null)
            {
                db.ApiKeys.Add(new ApiKey { Name = "bootstrap", KeyHash = hash, Prefix = apiKey[..4], CreatedAt = time.GetUtcNow() });
                log.LogInformation("Bootstrap created the automation key 'bootstrap'");
            }
            else if (existing.RevokedAt is not null)
            {
                log.LogWarning("Panel:Bootstrap:ApiKey names a key an admin revoked; it stays revoked (remove the setting)");
            }
        }

        await db.SaveChangesAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Returns the key's name when the presented key is known.</summary>
    public async Task<string?> ValidateKeyAsync(string presented, CancellationToken ct)
    {
        var hash = HashKey(presented);
        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, ct).ConfigureAwait(false);
        if (key is null)
        {
            return null;
        }

        key.LastUsedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        return key.Name;
    }

    // The name identifier is what antiforgery binds its tokens to; without it, tokens were bound to every claim, so a
    // form rendered before a password change (new stamp claim) was refused after it.
    public static ClaimsPrincipal Principal(string name, string authenticationType) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, name), new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, PanelAuth.AdminRole)],
            authenticationType));

    /// <summary>A session for <paramref name="userName"/>, tied to the stamp of the password it was opened with.</summary>
    public static ClaimsPrincipal CookiePrincipal(string userName, string stamp)
    {
        var principal = Principal(userName, CookieAuthenticationDefaults.AuthenticationScheme);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(SessionStamps.ClaimType, stamp));
        return principal;
    }

    internal static string HashKey(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>
    /// One password check or change of an admin at a time (the panel is one process): the lock-out counter is a
    /// read-modify-write around a slow hash check, and a login that read the old hash must not finish after a change.
    /// </summary>
    private async Task<IDisposable> AccountLock(string normalizedUserName, CancellationToken ct)
    {
        var gate = _accountLocks[(int)((uint)StringComparer.Ordinal.GetHashCode(normalizedUserName) % (uint)_accountLocks.Length)];
        await gate.WaitAsync(ct).ConfigureAwait(false);
        return new Releaser(gate);
    }

    private LoginOutcome UnknownUser(string normalized, string password, string source)
    {
        // The same steps as for a real admin: the lock-out answer, and the time of a real password check otherwise.
        if (throttle.LockedUntil(normalized, source) is { } until)
        {
            return LoginOutcome.Locked(until);
        }

        hasher.VerifyHashedPassword(DummyUser, DummyUser.PasswordHash, password);
        return throttle.Fail(normalized, source, known: false).LockedUntil is { } locked ? LoginOutcome.Locked(locked) : LoginOutcome.Invalid;
    }

    /// <summary>Counts a wrong password of a real admin; returns until when it is now locked for this source (a new lock is audited).</summary>
    private async Task<DateTimeOffset?> WrongPasswordAsync(AdminUser admin, string source, string where)
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

    private AdminUser NewAdmin(string userName, string password)
    {
        var admin = new AdminUser { UserName = userName, NormalizedUserName = Normalize(userName), PasswordHash = "", CreatedAt = time.GetUtcNow() };
        admin.PasswordHash = hasher.HashPassword(admin, password);
        return admin;
    }

    private static string Normalize(string userName) => userName.Trim().ToUpperInvariant();

    private static readonly AdminUser DummyUser = CreateDummy();

    private static AdminUser CreateDummy()
    {
        var user = new AdminUser { UserName = "-", NormalizedUserName = "-", PasswordHash = "" };
        user.PasswordHash = new PasswordHasher<AdminUser>().HashPassword(user, Guid.NewGuid().ToString());
        return user;
    }
}

internal sealed record LoginOutcome(bool Succeeded, DateTimeOffset? LockedUntil, string? UserName, string? Stamp)
{
    public static readonly LoginOutcome Invalid = new(false, null, null, null);

    public bool IsLockedOut => LockedUntil is not null;

    public static LoginOutcome Locked(DateTimeOffset until) => new(false, until, null, null);

    public static LoginOutcome Success(string userName, string stamp) => new(true, null, userName, stamp);
}

/// <summary>Rules for admin credentials, keyed by the field they concern.</summary>
internal static class CredentialRules
{
    public const int MinPasswordLength = 10;

    /// <summary>Automation keys are bearer secrets: long enough that guessing one is hopeless.</summary>
    public const int MinApiKeyLength = 32;

    public static Dictionary<string, string> Check(string? userName, string? password)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(userName))
        {
            errors["UserName"] = "User name is required.";
        }
        else if (userName.Length is < 3 or > 64 || !userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            errors["UserName"] = "User name must be 3 to 64 characters: letters, digits, '.', '_' or '-'.";
        }

        if (string.IsNullOrEmpty(password))
        {
            errors["Password"] = "Password is required.";
        }
        else if (password.Length < MinPasswordLength)
        {
            errors["Password"] = $"Password must be at least {MinPasswordLength} characters long.";
        }
        else if (password.Length > 256 || password.Any(char.IsControl))
        {
            errors["Password"] = "Password must be at most 256 characters and contain no control characters.";
        }

        return errors;
    }
}
