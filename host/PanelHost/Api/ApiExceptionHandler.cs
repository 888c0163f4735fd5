using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace PanelHost.Api;

/// <summary>
/// Gives API callers a ProblemDetails body instead of the HTML error page: a body that cannot be read (malformed JSON,
/// a wrong type) is a 400 that says where the body is wrong; anything else is a 500 that reveals nothing.
/// </summary>
internal sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> log) : IExceptionHandler
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
            var (field, message) = Describe(badRequest);
            problem = new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
            {
                Title = "The request could not be read.",
                Status = badRequest.StatusCode,
            };
        }
        else
        {
            log.LogError(exception, "Unhandled error in {Method} {Path}", httpContext.Request.Method, original);
            problem = new ProblemDetails { Title = "The panel could not complete this request.", Status = StatusCodes.Status500InternalServerError };
        }

        // Written directly: the problem-details service declines when the caller's Accept header names no JSON type,
        // and an API caller must never get the HTML error page instead.
        await TypedResults.Problem(problem).ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }

    /// <summary>Turns the framework's binding failure into the field it concerns and a sentence for a person.</summary>
    private static (string Field, string Message) Describe(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            return MissingProperties().Match(json.Message) is { Success: true } required
                ? (required.Groups["name"].Value, $"{required.Groups["name"].Value} is required.")
                : (json.Path ?? "body", "The request body is not valid JSON here, or a value has the wrong type.");
        }

        if (BindFailure().Match(exception.Message) is { Success: true } bind)
        {
            return (bind.Groups["name"].Value, $"'{bind.Groups["value"].Value}' is not a valid value for {bind.Groups["name"].Value}.");
        }

        if (MissingBody().IsMatch(exception.Message))
        {
            return ("body", "A JSON body is required.");
        }

        return MissingParameter().Match(exception.Message) is { Success: true } missing
            ? (missing.Groups["name"].Value, $"{missing.Groups["name"].Value} is required.")
            : ("request", exception.Message);
    }

    [GeneratedRegex("""missing required properties including: '(?<name>[^']+)'""")]
    private static partial Regex MissingProperties();

    [GeneratedRegex("""Failed to bind parameter "(?:[^"]*\s)?(?<name>\w+)" from "(?<value>.*)"\.""")]
    private static partial Regex BindFailure();

    [GeneratedRegex("""(Implicit body inferred|was not provided from body|Required parameter .* was not provided from body)""")]
    private static partial Regex MissingBody();

    [GeneratedRegex("""Required parameter "(?:[^"]*\s)?(?<name>\w+)" was not provided""")]
    private static partial Regex MissingParameter();
}
