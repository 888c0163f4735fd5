using FluentValidation;

namespace Panel.Modules.Hetzner.Features.ChangeSnapshotProtection;

internal sealed class ChangeSnapshotProtectionCommandValidator : AbstractValidator<ChangeSnapshotProtectionCommand>
{
    public ChangeSnapshotProtectionCommandValidator()
    {
        RuleFor(c => c.Id).GreaterThan(0).WithMessage("A snapshot id is a positive number.");
    }
}
