using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Panel.Contracts;
using PanelHost.Data;

namespace PanelHost.Auth.Accounts;

/// <summary>The first admin: made on the setup page, or with the automation key from configuration (unattended
/// provisioning, <c>Panel:Bootstrap:*</c>).</summary>
internal sealed class AdminSetupService(
    IDbContextFactory<PanelDbContext> dbFactory,
    IPasswordHasher<AdminUser> hasher,
    ApiKeyService keys,
    SessionStamps stamps,
    IAuditLog audit,
    TimeProvider time)
{
    public async Task<bool> SetupRequiredAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        return !await db.Admins.AnyAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Creates the first admin; refuses once any admin exists, so the setup page cannot be replayed. Answers
    /// the stamp to open its session with.</summary>
    public async Task<AccountResult<string>> CreateFirstAdminAsync(string userName, string password, CancellationToken ct)
    {
        var errors = CredentialRules.Check(userName, password);
        if (errors.Count > 0)
        {
            return AccountResult.Refused<string>(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        if (await db.Admins.AnyAsync(ct).ConfigureAwait(false))
        {
            return AccountResult.Refused<string>(AccountResult.WholeForm, "The panel is already set up. Log in instead.");
        }

        var admin = NewAdmin(userName, password);
        db.Admins.Add(admin);
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        var stamp = SessionStamps.For(admin.PasswordHash);
        stamps.Set(admin.UserName, stamp);
        await audit.WriteAsync(new AuditEvent("panel", "ADMIN_USER_ADD", $"Admin '{userName}' created at first-run setup"), CancellationToken.None).ConfigureAwait(false);
        return AccountResult.Success(stamp);
    }

    /// <summary>Creates the admin and the automation key from configuration when they do not exist yet. Values the
    /// rules refuse throw (<see cref="Startup.BootstrapRules"/> refuses them before the start already).</summary>
    public async Task BootstrapAsync(string? userName, string? password, string? apiKey, ILogger log, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        if (!string.IsNullOrWhiteSpace(userName) && !string.IsNullOrEmpty(password))
        {
            var normalized = CredentialRules.Normalize(userName);
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

            var hash = ApiKeyService.HashKey(apiKey);
            var existing = await db.ApiKeys.SingleOrDefaultAsync(k => k.KeyHash == hash, ct).ConfigureAwait(false);
            if (existing is null)
            {
                db.ApiKeys.Add(keys.NewKey("bootstrap", apiKey));
                log.LogInformation("Bootstrap created the automation key 'bootstrap'");
            }
            else if (existing.RevokedAt is not null)
            {
                log.LogWarning("Panel:Bootstrap:ApiKey names a key an admin revoked; it stays revoked (remove the setting)");
            }
        }

        await db.SaveChangesAsync(ct).ConfigureAwait(false);
    }

    private AdminUser NewAdmin(string userName, string password)
    {
        var admin = new AdminUser { UserName = userName, NormalizedUserName = CredentialRules.Normalize(userName), PasswordHash = "", CreatedAt = time.GetUtcNow() };
        admin.PasswordHash = hasher.HashPassword(admin, password);
        return admin;
    }
}
