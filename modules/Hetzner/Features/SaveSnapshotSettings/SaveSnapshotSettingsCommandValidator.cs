using FluentValidation;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Snapshots.Scheduling;

namespace Panel.Modules.Hetzner.Features.SaveSnapshotSettings;

internal sealed class SaveSnapshotSettingsCommandValidator : AbstractValidator<SaveSnapshotSettingsCommand>
{
    public SaveSnapshotSettingsCommandValidator()
    {
        RuleFor(c => c.FrequencyHours).OneOf(SnapshotScheduleOptions.FrequencyHours, "hours").WithName("Frequency");
        RuleFor(c => c.RetentionDays).OneOf(SnapshotScheduleOptions.RetentionDays, "days").WithName("Retention period");
        RuleFor(c => c.KeepNewest)
            .InclusiveBetween(SnapshotScheduleOptions.MinKeepNewest, SnapshotScheduleOptions.MaxKeepNewest)
            .WithMessage($"Keep newest must be between {SnapshotScheduleOptions.MinKeepNewest} and {SnapshotScheduleOptions.MaxKeepNewest}: at least the newest automatic snapshot is always kept.");
        Include(new CalendarRulesValidator());
    }
}
