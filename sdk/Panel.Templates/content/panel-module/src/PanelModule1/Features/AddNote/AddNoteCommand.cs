using MediatR;

namespace PanelModule1.Features.AddNote;

/// <summary>Saves a note.</summary>
/// <param name="Text">The note, 1 to 200 characters.</param>
internal sealed record AddNoteCommand(string? Text) : IRequest<NoteSaved>;

/// <summary>The saved note.</summary>
internal sealed record NoteSaved(int Id, string Text, DateTimeOffset CreatedAt);
