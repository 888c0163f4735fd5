using FluentValidation;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Snapshots.Scheduling;

namespace Panel.Modules.Hetzner.Features.GetSettingsSummary;

internal sealed class GetSettingsSummaryQueryValidator : AbstractValidator<GetSettingsSummaryQuery>
{
    public GetSettingsSummaryQueryValidator()
    {
        RuleFor(c => c.FrequencyHours).OneOf(SnapshotScheduleOptions.FrequencyHours, "hours").WithName("Frequency");
        RuleFor(c => c.RetentionDays).OneOf(SnapshotScheduleOptions.RetentionDays, "days").WithName("Retention period");
        RuleFor(c => c.KeepNewest)
            .InclusiveBetween(SnapshotScheduleOptions.MinKeepNewest, SnapshotScheduleOptions.MaxKeepNewest)
            .WithMessage($"Always keep the newest must be between {SnapshotScheduleOptions.MinKeepNewest} and {SnapshotScheduleOptions.MaxKeepNewest}.");
        Include(new CalendarRulesValidator());
    }
}
