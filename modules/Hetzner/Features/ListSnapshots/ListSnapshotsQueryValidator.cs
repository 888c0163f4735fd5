using FluentValidation;

namespace Panel.Modules.Hetzner.Features.ListSnapshots;

internal sealed class ListSnapshotsQueryValidator : AbstractValidator<ListSnapshotsQuery>
{
    public const int MaxPageSize = 500;

    public const int MaxSearchLength = 100;

    /// <summary>Far beyond any real project, and low enough that (page - 1) × page size cannot overflow.</summary>
    public const int MaxPage = 100_000;

    public ListSnapshotsQueryValidator()
    {
        RuleFor(q => q.Page).InclusiveBetween(1, MaxPage).WithMessage($"Page must be between 1 and {MaxPage}.");
        RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize).When(q => q.PageSize is not null)
            .WithMessage($"Page size must be between 1 and {MaxPageSize}.");
        RuleFor(q => q.Sort).Must(s => s is null || ListSnapshotsQuery.Sorts.Contains(s))
            .WithMessage($"Sort must be one of: {string.Join(", ", ListSnapshotsQuery.Sorts)}.");
        RuleFor(q => q.Type).Must(t => t is null || ListSnapshotsQuery.Types.Contains(t))
            .WithMessage($"Type must be one of: {string.Join(", ", ListSnapshotsQuery.Types)}.");
        RuleFor(q => q.Search).MaximumLength(MaxSearchLength).WithMessage($"Search must be at most {MaxSearchLength} characters.");
    }
}
