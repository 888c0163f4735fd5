using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace PanelModule1.Features.AddNote;

internal static class AddNoteEndpoint
{
    /// <summary>POST /api/modules/{id}/notes with <c>{"text": "..."}</c>.</summary>
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/notes", async Task<IResult> (AddNoteCommand command, IMediator mediator, CancellationToken cancellationToken) =>
            {
                try
                {
                    return TypedResults.Ok(await mediator.Send(command, cancellationToken));
                }
                catch (ValidationException ex)
                {
                    return TypedResults.ValidationProblem(ex.Errors
                        .GroupBy(e => e.PropertyName)
                        .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray()));
                }
            })
            .WithName("AddNote");
}
