using FluentValidation;
using MediatR;
using PanelModule1.Data;

namespace PanelModule1.Features.AddNote;

internal sealed class AddNoteCommandHandler(NotesDbContext db, IEnumerable<IValidator<AddNoteCommand>> validators, TimeProvider clock)
    : IRequestHandler<AddNoteCommand, NoteSaved>
{
    public async Task<NoteSaved> Handle(AddNoteCommand request, CancellationToken cancellationToken)
    {
        foreach (var validator in validators)
        {
            await validator.ValidateAndThrowAsync(request, cancellationToken);
        }

        var note = new Note { Text = request.Text!.Trim(), CreatedAt = clock.GetUtcNow() };
        db.Notes.Add(note);
        await db.SaveChangesAsync(cancellationToken);
        return new NoteSaved(note.Id, note.Text, note.CreatedAt);
    }
}
