using FluentValidation;

namespace Panel.Modules.Hetzner.Features.SwitchServer;

internal sealed class SwitchServerCommandValidator : AbstractValidator<SwitchServerCommand>
{
    public SwitchServerCommandValidator()
    {
        RuleFor(c => c.ServerId).GreaterThan(0).WithMessage("A server id is a positive number (the one the panel runs on now).");
    }
}
