using Microsoft.AspNetCore.Http;

namespace Panel.Modules.Hetzner.Common;

/// <summary>Keeps the module's exceptions inside the module: a refused request becomes a ValidationProblem with
/// per-field errors, a failed one a ProblemDetails with its status.</summary>
internal sealed class ModuleEndpointFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context);
        }
        catch (ValidationException ex)
        {
            return Results.ValidationProblem(
                ex.Errors.ToDictionary(e => e.Key, e => e.Value),
                title: "The request is not valid.");
        }
        catch (ProblemException ex)
        {
            return Results.Problem(detail: ex.Message, statusCode: ex.StatusCode, title: ex.Title);
        }
    }
}
