using FluentValidation;

namespace Panel.Modules.Hetzner.Features.DeleteSnapshot;

internal sealed class DeleteSnapshotCommandValidator : AbstractValidator<DeleteSnapshotCommand>
{
    public DeleteSnapshotCommandValidator()
    {
        RuleFor(c => c.Id).GreaterThan(0).WithMessage("A snapshot id is a positive number.");
    }
}
