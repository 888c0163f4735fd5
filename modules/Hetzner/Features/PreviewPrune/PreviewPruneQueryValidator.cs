using FluentValidation;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Snapshots.Scheduling;

namespace Panel.Modules.Hetzner.Features.PreviewPrune;

internal sealed class PreviewPruneQueryValidator : AbstractValidator<PreviewPruneQuery>
{
    public PreviewPruneQueryValidator()
    {
        RuleFor(q => q.RetentionDays)
            .Must(days => days is null || SnapshotScheduleOptions.RetentionDays.Contains(days.Value))
            .WithMessage($"Retention period must be one of {string.Join(", ", SnapshotScheduleOptions.RetentionDays)} days.");
        RuleFor(q => q.KeepNewest)
            .InclusiveBetween(SnapshotScheduleOptions.MinKeepNewest, SnapshotScheduleOptions.MaxKeepNewest)
            .When(q => q.KeepNewest is not null)
            .WithMessage($"Always keep the newest must be between {SnapshotScheduleOptions.MinKeepNewest} and {SnapshotScheduleOptions.MaxKeepNewest}.");
        Include(new CalendarRulesValidator());
    }
}
