using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using PanelHost.Data;
using PanelHost.Services;

namespace PanelHost.Auth;

/// <summary>
/// Ties each session cookie to the password it was opened with: the cookie carries a stamp derived from the admin's
/// password hash, and a cookie whose stamp is not the admin's current one is refused. Changing the password therefore
/// ends every other session at once. The panel is one process, so the current stamps are kept in memory, read from the
/// database once per admin and replaced where the password changes (an admin deleted from the database directly keeps
/// working sessions until the panel restarts; the panel itself has no way to delete an admin).
/// </summary>
internal sealed class SessionStamps(IDbContextFactory<PanelDbContext> dbFactory, StartupGate readiness)
{
    public const string ClaimType = "panel:stamp";

    private readonly ConcurrentDictionary<string, string> _current = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Derived from the salted hash, so it reveals nothing about the password and changes with it.</summary>
    public static string For(string passwordHash) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(passwordHash)))[..32];

    public void Set(string userName, string stamp) => _current[userName.Trim()] = stamp;

    public async ValueTask<bool> IsCurrentAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        var userName = principal.Identity?.Name;
        var stamp = principal.FindFirst(ClaimType)?.Value;
        if (userName is null || stamp is null)
        {
            return false;
        }

        if (!_current.TryGetValue(userName, out var current))
        {
            // A cookie may arrive (GET /login passes the readiness gate) before the accounts can be read.
            await readiness.WaitAsync(ct).ConfigureAwait(false);
            await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
            var normalized = userName.Trim().ToUpperInvariant();
            var hash = await db.Admins.AsNoTracking().Where(a => a.NormalizedUserName == normalized).Select(a => a.PasswordHash)
                .SingleOrDefaultAsync(ct).ConfigureAwait(false);
            if (hash is null)
            {
                return false;
            }

            current = _current.GetOrAdd(userName, For(hash));
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(current), Encoding.ASCII.GetBytes(stamp));
    }

    /// <summary>The cookie handler's hook: a session opened with another password is signed out.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var stamps = context.HttpContext.RequestServices.GetRequiredService<SessionStamps>();
        if (context.Principal is null || !await stamps.IsCurrentAsync(context.Principal, context.HttpContext.RequestAborted).ConfigureAwait(false))
        {
            // Not signed out as well: a late request of the old session must not delete a cookie issued meanwhile.
            context.RejectPrincipal();
        }
    }
}
