using FluentValidation;
using Panel.Modules.Hetzner.Common;

namespace Panel.Modules.Hetzner.Features.CreateSnapshot;

internal sealed class CreateSnapshotCommandValidator : AbstractValidator<CreateSnapshotCommand>
{
    public const int MaxLength = 100;

    public CreateSnapshotCommandValidator()
    {
        RuleFor(c => c.Description).SingleLineText(MaxLength).WithName("Snapshot name");
    }
}
