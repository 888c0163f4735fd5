using MediatR;
using Microsoft.EntityFrameworkCore;
using Panel.Contracts;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Snapshots.Scheduling;

namespace Panel.Modules.Hetzner.Features.SaveSnapshotSettings;

internal sealed class SaveSnapshotSettingsCommandHandler(
    HetznerDbContext db,
    IAuditLog auditLog,
    WorkSignal signal,
    TimeProvider timeProvider) : IRequestHandler<SaveSnapshotSettingsCommand, SnapshotScheduleView>
{
    public async Task<SnapshotScheduleView> Handle(SaveSnapshotSettingsCommand request, CancellationToken cancellationToken)
    {
        var settings = await db.GetSettingsAsync(cancellationToken);
        if (request.Enabled && settings.ProtectedToken is null)
        {
            throw new ValidationException(nameof(request.Enabled), "Save an API token before switching on automatic snapshots.");
        }

        var before = Describe(settings.AutomaticEnabled, settings.FrequencyHours, settings.RetentionDays, settings.KeepNewest);
        var rescheduled = request.Enabled != settings.AutomaticEnabled || request.FrequencyHours != settings.FrequencyHours;
        settings.AutomaticEnabled = request.Enabled;
        settings.FrequencyHours = request.FrequencyHours;
        settings.RetentionDays = request.RetentionDays;
        settings.KeepNewest = request.KeepNewest;
        settings.UpdatedAt = timeProvider.GetUtcNow();

        var state = await db.GetStateAsync(cancellationToken);
        if (!request.Enabled)
        {
            state.NextDueAt = null;
        }
        else if (rescheduled || state.NextDueAt is null)
        {
            var lastAutomatic = await db.Runs.AsNoTracking()
                .Where(r => r.Kind == RunKind.Automatic)
                .OrderByDescending(r => r.Id)
                .Select(r => (DateTimeOffset?)r.RequestedAt)
                .FirstOrDefaultAsync(cancellationToken);
            state.NextDueAt = ScheduleClock.FirstDue(lastAutomatic, request.FrequencyHours, timeProvider.GetUtcNow());
        }

        await db.SaveChangesAsync(cancellationToken);
        var after = Describe(request.Enabled, request.FrequencyHours, request.RetentionDays, request.KeepNewest);
        // Saving the same settings again changes nothing, so it is not an event worth an admin's attention.
        if (after != before)
        {
            await auditLog.WriteAsync(
                new AuditEvent(HetznerModule.Id, AuditCodes.SettingsUpdate, $"Snapshot settings: {after} (was: {before})."),
                cancellationToken);
        }
        signal.Notify();
        return new SnapshotScheduleView(settings.AutomaticEnabled, settings.FrequencyHours, settings.RetentionDays,
            settings.KeepNewest, state.NextDueAt);
    }

    private static string Describe(bool enabled, int frequencyHours, int retentionDays, int keepNewest) =>
        $"automatic snapshots {(enabled ? "on" : "off")}, {SnapshotScheduleOptions.FrequencyLabel(frequencyHours).ToLowerInvariant()}, "
        + $"kept {SnapshotScheduleOptions.RetentionLabel(retentionDays)}, newest {keepNewest} always kept";
}
