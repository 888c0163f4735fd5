using FluentValidation;

namespace Panel.Modules.Hetzner.Features.GetRestoreChoices;

internal sealed class GetRestoreChoicesQueryValidator : AbstractValidator<GetRestoreChoicesQuery>
{
    public GetRestoreChoicesQueryValidator()
    {
        RuleFor(q => q.SnapshotId).GreaterThan(0).WithMessage("A snapshot id is a positive number.");
    }
}
