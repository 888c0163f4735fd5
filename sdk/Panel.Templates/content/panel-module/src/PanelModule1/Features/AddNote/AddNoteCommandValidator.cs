using FluentValidation;

namespace PanelModule1.Features.AddNote;

internal sealed class AddNoteCommandValidator : AbstractValidator<AddNoteCommand>
{
    public AddNoteCommandValidator() =>
        RuleFor(c => c.Text)
            .NotEmpty().WithMessage("Text: write the note (1 to 200 characters).")
            .MaximumLength(200).WithMessage("Text: at most 200 characters.");
}
