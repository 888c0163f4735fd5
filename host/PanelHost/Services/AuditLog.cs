using Microsoft.EntityFrameworkCore;
using Panel.Contracts;
using PanelHost.Data;

namespace PanelHost.Services;

/// <summary>The host's audit log, shared by the host and every module (the Events page reads it).</summary>
internal sealed class AuditLog(IDbContextFactory<PanelDbContext> dbFactory, IHttpContextAccessor http, TimeProvider time, StartupGate gate) : IAuditLog
{
    public const string HostModule = "panel";

    public async Task WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        await gate.WaitForHostDataAsync(cancellationToken).ConfigureAwait(false);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        db.AuditEntries.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            User = CurrentUser(),
            Module = Truncate(auditEvent.Module, 32),
            Code = Truncate(auditEvent.Code, 100),
            Details = Truncate(auditEvent.Details, 2000),
        });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    private string CurrentUser() => http.HttpContext?.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : "system";

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
