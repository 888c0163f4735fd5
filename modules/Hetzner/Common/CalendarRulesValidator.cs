using FluentValidation;
using Panel.Modules.Hetzner.Snapshots.Mirror;
using Panel.Modules.Hetzner.Snapshots.Retention;
using Panel.Modules.Hetzner.Snapshots.Scheduling;
using Panel.Modules.Hetzner.Snapshots.Server;

namespace Panel.Modules.Hetzner.Common;

/// <summary>The calendar retention fields, as every request that carries them has them. Null means "as saved".</summary>
internal interface ICalendarRulesInput
{
    int? KeepDaily { get; }

    int? KeepWeekly { get; }

    int? KeepMonthly { get; }

    string? TimeZone { get; }
}

/// <summary>One set of rules for saving, previewing and forecasting, so the three cannot accept different values.</summary>
internal sealed class CalendarRulesValidator : AbstractValidator<ICalendarRulesInput>
{
    public CalendarRulesValidator()
    {
        RuleFor(c => c.KeepDaily).InclusiveBetween(0, SnapshotScheduleOptions.MaxKeepDaily).When(c => c.KeepDaily is not null)
            .WithMessage($"Keep daily must be a whole number from 0 (off) to {SnapshotScheduleOptions.MaxKeepDaily} days.");
        RuleFor(c => c.KeepWeekly).InclusiveBetween(0, SnapshotScheduleOptions.MaxKeepWeekly).When(c => c.KeepWeekly is not null)
            .WithMessage($"Keep weekly must be a whole number from 0 (off) to {SnapshotScheduleOptions.MaxKeepWeekly} weeks.");
        RuleFor(c => c.KeepMonthly).InclusiveBetween(0, SnapshotScheduleOptions.MaxKeepMonthly).When(c => c.KeepMonthly is not null)
            .WithMessage($"Keep monthly must be a whole number from 0 (off) to {SnapshotScheduleOptions.MaxKeepMonthly} months.");
        RuleFor(c => c.TimeZone)
            .Must(zone => SnapshotScheduleOptions.FindTimeZone(zone) is not null).When(c => c.TimeZone is not null)
            .WithMessage(c => $"Time zone “{c.TimeZone}” is not an IANA time zone this server knows; use a name such as UTC, Europe/Berlin or America/New_York.");
    }
}
