using FluentValidation;

namespace Panel.Modules.Hetzner.Features.GetSnapshotOperation;

internal sealed class GetSnapshotOperationQueryValidator : AbstractValidator<GetSnapshotOperationQuery>
{
    public GetSnapshotOperationQueryValidator()
    {
        RuleFor(q => q.Id).GreaterThan(0).WithMessage("An operation id is a positive number.");
    }
}
