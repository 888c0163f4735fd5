using FluentValidation;
using Panel.Modules.Hetzner.Common;

namespace Panel.Modules.Hetzner.Features.SaveApiToken;

internal sealed class SaveApiTokenCommandValidator : AbstractValidator<SaveApiTokenCommand>
{
    /// <summary>Hetzner's tokens are 64 characters; the margin allows for a longer format without accepting junk.</summary>
    public const int MaxLength = 128;

    public SaveApiTokenCommandValidator()
    {
        RuleFor(c => c.Token)
            .SingleLineText(MaxLength)
            .Matches("^[A-Za-z0-9_-]+$")
            .WithMessage("An API token consists of letters, digits, '-' and '_' only, without spaces; check that it was copied completely.")
            .WithName("API token");
    }
}
