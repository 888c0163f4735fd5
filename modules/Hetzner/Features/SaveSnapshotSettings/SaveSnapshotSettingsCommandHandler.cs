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

        var before = Describe(settings);
        var rescheduled = request.Enabled != settings.AutomaticEnabled || request.FrequencyHours != settings.FrequencyHours;
        settings.AutomaticEnabled = request.Enabled;
        settings.FrequencyHours = request.FrequencyHours;
        settings.RetentionDays = request.RetentionDays;
        settings.KeepNewest = request.KeepNewest;
        settings.KeepDaily = request.KeepDaily ?? settings.KeepDaily;
        settings.KeepWeekly = request.KeepWeekly ?? settings.KeepWeekly;
        settings.KeepMonthly = request.KeepMonthly ?? settings.KeepMonthly;
        settings.TimeZone = request.TimeZone ?? settings.TimeZone;
        var state = await db.GetStateAsync(cancellationToken);
        if (!request.Enabled)
        {
            state.NextDueAt = null;
        }
        else if (rescheduled || state.NextDueAt is null)
        {
            // The schedule starts afresh: the dead man's switch gives it a full allowance from now. Saving it unchanged,
            // or with other retention rules, makes no snapshot and must not silence an overdue alert.
            settings.UpdatedAt = timeProvider.GetUtcNow();
            var lastAutomatic = await db.Runs.AsNoTracking()
                .Where(r => r.Kind == RunKind.Automatic)
                .OrderByDescending(r => r.Id)
                .Select(r => (DateTimeOffset?)r.RequestedAt)
                .FirstOrDefaultAsync(cancellationToken);
            state.NextDueAt = ScheduleClock.FirstDue(lastAutomatic, request.FrequencyHours, timeProvider.GetUtcNow());
        }

        await db.SaveChangesAsync(cancellationToken);
        var after = Describe(settings);
        // Saving the same settings again changes nothing, so it is not an event worth an admin's attention.
        if (after != before)
        {
            await auditLog.WriteAsync(
                new AuditEvent(HetznerModule.Id, AuditCodes.SettingsUpdate, $"Snapshot settings: {after} (was: {before})."),
                cancellationToken);
        }
        signal.Notify();
        return SnapshotScheduleView.Of(settings, state.NextDueAt);
    }

    private static string Describe(SettingsRecord settings) =>
        $"automatic snapshots {(settings.AutomaticEnabled ? "on" : "off")}, {SnapshotScheduleOptions.FrequencyLabel(settings.FrequencyHours).ToLowerInvariant()}, "
        + $"kept {SnapshotScheduleOptions.RetentionLabel(settings.RetentionDays)}, newest {settings.KeepNewest} always kept"
        + (settings.KeepDaily + settings.KeepWeekly + settings.KeepMonthly > 0
            ? $", newest of each of {settings.KeepDaily} days, {settings.KeepWeekly} weeks and {settings.KeepMonthly} months ({settings.TimeZone})"
            : "");
}
