using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Panel.Contracts;
using PanelHost.Data;

namespace PanelHost.Auth.Accounts;

/// <summary>The signed-in admin changes the password; every other session of this admin ends.</summary>
internal sealed class PasswordChangeService(
    IDbContextFactory<PanelDbContext> dbFactory,
    IPasswordHasher<AdminUser> hasher,
    AccountLockOut lockOut,
    LoginThrottle throttle,
    SessionStamps stamps,
    IAuditLog audit)
{
    private const string TooManyWrong = "Too many wrong passwords. Try again in a few minutes.";

    /// <summary>
    /// Changes the password after checking the current one (wrong answers count towards the same lock-out as logins, so
    /// a stolen session cannot be used to guess the password). On success every other session of this admin ends:
    /// their cookies carry the old stamp. Answers the new stamp.
    /// </summary>
    public async Task<AccountResult<string>> ChangeAsync(string userName, string currentPassword, string newPassword, string source, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(currentPassword))
        {
            return AccountResult.Refused<string>("CurrentPassword", "Current password is required.");
        }

        var normalized = CredentialRules.Normalize(userName);
        using var held = await lockOut.HoldAsync(normalized, ct).ConfigureAwait(false);
        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var admin = await db.Admins.SingleOrDefaultAsync(a => a.NormalizedUserName == normalized, ct).ConfigureAwait(false);
        if (admin is null)
        {
            return AccountResult.Refused<string>(AccountResult.WholeForm, "Your account no longer exists.");
        }

        if (throttle.LockedUntil(normalized, source) is { } until)
        {
            return AccountResult.LockedOut<string>(until, "CurrentPassword", TooManyWrong);
        }

        if (hasher.VerifyHashedPassword(admin, admin.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
        {
            return await lockOut.WrongPasswordAsync(admin, source, "password change").ConfigureAwait(false) is { } locked
                ? AccountResult.LockedOut<string>(locked, "CurrentPassword", TooManyWrong)
                : AccountResult.Refused<string>("CurrentPassword", "The current password is not correct.");
        }

        // The right current password clears earlier wrong answers from here, as a login does.
        throttle.Succeeded(normalized, source);
        if (CredentialRules.Check(admin.UserName, newPassword).TryGetValue("Password", out var rule))
        {
            return AccountResult.Refused<string>("NewPassword", rule.Replace("Password", "The new password", StringComparison.Ordinal));
        }

        if (string.Equals(currentPassword, newPassword, StringComparison.Ordinal))
        {
            return AccountResult.Refused<string>("NewPassword", "The new password must differ from the current one.");
        }

        admin.PasswordHash = hasher.HashPassword(admin, newPassword);
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        var stamp = SessionStamps.For(admin.PasswordHash);
        stamps.Set(admin.UserName, stamp);
        await audit.WriteAsync(new AuditEvent("panel", "ADMIN_PASSWORD_CHANGE", $"Admin '{admin.UserName}' changed the password; other sessions were ended"), CancellationToken.None).ConfigureAwait(false);
        return AccountResult.Success(stamp);
    }
}
