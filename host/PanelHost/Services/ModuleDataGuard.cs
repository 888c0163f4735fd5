using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Panel.Contracts;
using PanelHost.Data;
using PanelHost.Plugins;

namespace PanelHost.Services;

/// <summary>
/// Notices that a module lost its data between two starts (its database deleted, a backup restored without it), which
/// the module itself cannot tell from a first start: it would simply begin again with no settings (ADR-0014). After a
/// module initialises, the files in its data folder are recorded in the host's database; at the next start, before the
/// module initialises, a recorded file that is missing raises a Critical notification and an audit event, and keeps
/// <c>/healthz</c> Degraded until an admin acknowledges it on the Modules page.
/// </summary>
internal sealed class ModuleDataGuard(
    IDbContextFactory<PanelDbContext> dbFactory,
    PanelPaths paths,
    IAuditLog audit,
    IAdminNotifier notifier,
    TimeProvider time,
    ILogger<ModuleDataGuard> log)
{
    public const string LostCode = "MODULE_DATA_LOST";
    public const string AcknowledgedCode = "MODULE_DATA_LOSS_ACKNOWLEDGED";

    private readonly Lock _sync = new();
    private volatile IReadOnlyList<ModuleDataLoss> _unacknowledged = [];

    /// <summary>Losses no admin has acknowledged yet, by module id.</summary>
    public IReadOnlyList<ModuleDataLoss> Unacknowledged => _unacknowledged;

    /// <summary>Before the modules initialise: compares each module's folder with what it held after its last start.</summary>
    public async Task CheckAsync(IReadOnlyList<LoadedModule> modules, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var records = await db.ModuleData.ToDictionaryAsync(r => r.ModuleId, StringComparer.OrdinalIgnoreCase, cancellationToken).ConfigureAwait(false);
        var found = new List<(LoadedModule Module, ModuleDataRecord Record)>();
        foreach (var module in modules)
        {
            if (!records.TryGetValue(module.Id, out var record))
            {
                continue;
            }

            var present = DataFiles(paths.ModuleDataPath(module.Id)).ToHashSet(StringComparer.Ordinal);
            var missing = Lines(record.Files).Where(f => !present.Contains(f)).ToList();
            if (missing.Count > 0)
            {
                record.LostAt = time.GetUtcNow();
                record.LostFiles = string.Join('\n', missing);
                record.AcknowledgedAt = null;
                record.AcknowledgedBy = null;
                found.Add((module, record));
            }
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            _unacknowledged = [.. records.Values.Where(r => r.LostAt is not null && r.AcknowledgedAt is null).OrderBy(r => r.ModuleId, StringComparer.Ordinal).Select(ToLoss)];
        }

        foreach (var (module, record) in found)
        {
            await ReportAsync(module, ToLoss(record), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>After the modules initialised: what each one's folder holds now is what the next start expects.</summary>
    public async Task RecordAsync(IReadOnlyList<LoadedModule> initialised, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var records = await db.ModuleData.ToDictionaryAsync(r => r.ModuleId, StringComparer.OrdinalIgnoreCase, cancellationToken).ConfigureAwait(false);
        foreach (var module in initialised)
        {
            var files = string.Join('\n', DataFiles(paths.ModuleDataPath(module.Id)));
            if (!records.TryGetValue(module.Id, out var record))
            {
                db.ModuleData.Add(new ModuleDataRecord { ModuleId = module.Id, Files = files, RecordedAt = time.GetUtcNow() });
            }
            else if (record.Files != files)
            {
                record.Files = files;
                record.RecordedAt = time.GetUtcNow();
            }
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An admin has seen the loss (and restored or re-entered what was needed); false when there was none.</summary>
    public async Task<bool> AcknowledgeAsync(string moduleId, string user, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var record = await db.ModuleData.SingleOrDefaultAsync(r => r.ModuleId == moduleId && r.LostAt != null && r.AcknowledgedAt == null, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return false;
        }

        record.AcknowledgedAt = time.GetUtcNow();
        record.AcknowledgedBy = user;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        lock (_sync)
        {
            _unacknowledged = [.. _unacknowledged.Where(l => !string.Equals(l.ModuleId, record.ModuleId, StringComparison.OrdinalIgnoreCase))];
        }

        await audit.WriteAsync(
            new AuditEvent(AuditLog.HostModule, AcknowledgedCode, $"Acknowledged that module {record.ModuleId} lost {string.Join(", ", Lines(record.LostFiles))} (noticed {record.LostAt:u})."),
            CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    private async Task ReportAsync(LoadedModule module, ModuleDataLoss loss, CancellationToken cancellationToken)
    {
        var folder = paths.ModuleDataPath(module.Id);
        var files = string.Join(", ", loss.Files);
        log.LogCritical("Module {ModuleId} lost its data: {Files} in {Folder} existed after its last start and are missing now", module.Id, files, folder);
        await audit.WriteAsync(new AuditEvent(AuditLog.HostModule, LostCode, $"Module {module.Id} lost its data: {files} missing from {folder}."), cancellationToken).ConfigureAwait(false);
        await notifier.RaiseAsync(
            new AdminNotification(
                AuditLog.HostModule,
                NotificationSeverity.Critical,
                $"{module.Manifest.DisplayName} lost its data",
                $"{files} in {folder} existed when the panel last ran and is missing now. The module started without it (no settings, no saved token, no schedule), so what it did automatically has stopped. "
                + "Stop the panel and restore the folder from a backup, or set the module up again; then acknowledge this on the Modules page."),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The module's files, relative and '/'-separated, without the journal files SQLite makes and removes itself.</summary>
    internal static IEnumerable<string> DataFiles(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
        return Directory.EnumerateFiles(folder, "*", options)
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal) && !f.EndsWith("-journal", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string[] Lines(string? value) => string.IsNullOrEmpty(value) ? [] : value.Split('\n');

    private static ModuleDataLoss ToLoss(ModuleDataRecord record) => new(record.ModuleId, record.LostAt!.Value, Lines(record.LostFiles));
}

/// <summary>Files a module's data folder held after its last start and did not hold at the next.</summary>
internal sealed record ModuleDataLoss(string ModuleId, DateTimeOffset LostAt, IReadOnlyList<string> Files);

/// <summary>Degraded while a module's lost data is not acknowledged: its automatic work has silently stopped.</summary>
internal sealed class ModuleDataHealthCheck(ModuleDataGuard guard) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(guard.Unacknowledged is { Count: > 0 } lost
            ? HealthCheckResult.Degraded($"Module(s) {string.Join(", ", lost.Select(l => l.ModuleId))} lost their data; see the Modules page.")
            : HealthCheckResult.Healthy());
}
