using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace PanelHost.Api;

/// <summary>
/// Gives API callers a ProblemDetails body instead of the HTML error page: a body that cannot be read (malformed JSON,
/// a wrong type) is a 400 that says where the body is wrong; anything else is a 500 that reveals nothing.
/// </summary>
internal sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware has already pointed Request.Path at the error page; the feature keeps the caller's path.
        var original = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path.Value;
        if (!Auth.PanelAuth.IsApi(new PathString(original)))
        {
            return false;
        }

        ProblemDetails problem;
        if (exception is BadHttpRequestException badRequest)
        {
            var where = badRequest.InnerException is JsonException json && json.Path is { } path ? path : "body";
            problem = new ValidationProblemDetails(new Dictionary<string, string[]>
            {
                [where] = [badRequest.InnerException is JsonException ? "The request body is not valid JSON here, or a value has the wrong type." : badRequest.Message],
            })
            {
                Title = "The request body could not be read.",
                Status = badRequest.StatusCode,
            };
        }
        else
        {
            log.LogError(exception, "Unhandled error in {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails { Title = "The panel could not complete this request.", Status = StatusCodes.Status500InternalServerError };
        }

        // Written directly: the problem-details service declines when the caller's Accept header names no JSON type,
        // and an API caller must never get the HTML error page instead.
        await TypedResults.Problem(problem).ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }
}
