using FluentValidation;

namespace Panel.Modules.Hetzner.Features.ListSnapshots;

internal sealed class ListSnapshotsQueryValidator : AbstractValidator<ListSnapshotsQuery>
{
    public const int MaxPageSize = 500;

    public ListSnapshotsQueryValidator()
    {
        RuleFor(q => q.Page).GreaterThan(0).WithMessage("Page starts at 1.");
        RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize).When(q => q.PageSize is not null)
            .WithMessage($"Page size must be between 1 and {MaxPageSize}.");
    }
}
