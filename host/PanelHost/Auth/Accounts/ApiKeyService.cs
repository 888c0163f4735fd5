using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Panel.Contracts;
using PanelHost.Data;

namespace PanelHost.Auth.Accounts;

/// <summary>Automation keys: listed, created (shown once), revoked, and checked on every API request that presents one.</summary>
internal sealed class ApiKeyService(IDbContextFactory<PanelDbContext> dbFactory, IAuditLog audit, TimeProvider time)
{
    /// <summary>The automation keys that still work, newest first (the secret itself is never stored).</summary>
    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        return await db.ApiKeys.AsNoTracking().Where(k => k.RevokedAt == null).OrderByDescending(k => k.Id).ToListAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Creates an automation key and answers it; this is the only time the key can be read.</summary>
    public async Task<AccountResult<string>> CreateAsync(string? name, string createdBy, CancellationToken ct)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return AccountResult.Refused<string>("Name", "Name is required.");
        }

        if (trimmed.Length > 100 || !trimmed.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '.' or '_' or '-'))
        {
            return AccountResult.Refused<string>("Name", "Name must be at most 100 characters: letters, digits, spaces, '.', '_' or '-'.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        if (await db.ApiKeys.AnyAsync(k => k.RevokedAt == null && k.Name == trimmed, ct).ConfigureAwait(false))
        {
            return AccountResult.Refused<string>("Name", $"A key named '{trimmed}' exists already.");
        }

        var key = RandomNumberGenerator.GetHexString(64, lowercase: true);
        db.ApiKeys.Add(NewKey(trimmed, key));
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        await audit.WriteAsync(new AuditEvent("panel", "API_KEY_ADD", $"Automation key '{trimmed}' created by {createdBy}"), CancellationToken.None).ConfigureAwait(false);
        return AccountResult.Success(key);
    }

    /// <summary>Revokes a key at once and answers its name. The row stays (revoked) so that bootstrap provisioning
    /// never brings it back. No id (a hand-made post) is answered as a key that is gone.</summary>
    public async Task<AccountResult<string>> RevokeAsync(int? id, string revokedBy, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        var key = id is null ? null : await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id && k.RevokedAt == null, ct).ConfigureAwait(false);
        if (key is null)
        {
            return AccountResult.Refused<string>(AccountResult.WholeForm, "That key was already revoked (or never existed); nothing changed. The list below is current.");
        }

        key.RevokedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        await audit.WriteAsync(new AuditEvent("panel", "API_KEY_DELETE", $"Automation key '{key.Name}' revoked by {revokedBy}"), CancellationToken.None).ConfigureAwait(false);
        return AccountResult.Success(key.Name);
    }

    /// <summary>How stale a key's "last used" time may be.</summary>
    public static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    /// <summary>Answers the key's name when the presented key is known and not revoked.</summary>
    public async Task<AccountResult<string>> ValidateAsync(string presented, CancellationToken ct)
    {
        ApiKey? key = null;
        if (presented.Length > 0)
        {
            var hash = HashKey(presented);
            await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
            key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, ct).ConfigureAwait(false);
            var now = time.GetUtcNow();
            // "Last used" is shown to the minute; writing it on every request made each API read a SQLite write
            // transaction (journal and two fsyncs, one writer at a time), which under 20 clients was most of the
            // latency (ADR-0027).
            if (key is not null && (key.LastUsedAt is not { } last || now - last >= LastUsedPrecision))
            {
                await db.ApiKeys.Where(k => k.Id == key.Id)
                    .ExecuteUpdateAsync(u => u.SetProperty(k => k.LastUsedAt, now), ct).ConfigureAwait(false);
            }
        }

        return key is null
            ? AccountResult.Refused<string>(AccountResult.WholeForm, "Unknown automation key.")
            : AccountResult.Success(key.Name);
    }

    /// <summary>Keys are 256-bit random, so a slow hash adds nothing.</summary>
    internal static string HashKey(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    internal ApiKey NewKey(string name, string key) =>
        new() { Name = name, KeyHash = HashKey(key), Prefix = key[..4], CreatedAt = time.GetUtcNow() };
}
