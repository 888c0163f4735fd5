namespace Hetzner.Simulator.Api;

/// <summary>Turns <see cref="ApiException"/> and bare routing statuses into the API's error envelope.</summary>
internal sealed class ApiErrorMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            await WriteAsync(context.Response, e).ConfigureAwait(false);
            return;
        }

        if (context.Response.HasStarted || context.Response.ContentType is not null)
        {
            return;
        }

        var unmatched = context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => new ApiException("not_found", "no such endpoint"),
            StatusCodes.Status405MethodNotAllowed => new ApiException("method_not_allowed", "method not allowed"),
            _ => null,
        };
        if (unmatched is not null)
        {
            await WriteAsync(context.Response, unmatched).ConfigureAwait(false);
        }
    }

    public static Task WriteAsync(HttpResponse response, ApiException error) =>
        ApiJson.WriteAsync(response, new { error = new { code = error.Code, message = error.Message, details = error.Details } }, error.Status);
}
