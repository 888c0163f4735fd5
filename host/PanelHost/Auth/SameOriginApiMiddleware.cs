using Microsoft.AspNetCore.Mvc;

namespace PanelHost.Auth;

/// <summary>
/// A JSON API call that changes something and rides on the session cookie must come from the panel's own pages
/// (ADR-0015). SameSite=Strict keeps the cookie away from other sites, but not from another port or host name of the
/// same site (http://127.0.0.1:9999 is the same site as the panel on 127.0.0.1:5080), and body-less POSTs need no
/// preflight. Browsers say where a request comes from: <c>Sec-Fetch-Site</c>, or else <c>Origin</c>, which they send
/// with every cross-origin POST, PUT, PATCH and DELETE. A request with neither comes from no browser (a script,
/// which has no way to borrow the admin's cookie) and passes. Calls with an automation key are not affected: the
/// policy scheme ignores the cookie when a Bearer key is sent, and a page cannot send one without a preflight.
/// </summary>
internal sealed class SameOriginApiMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!PanelAuth.IsApi(request.Path) || IsSafe(request.Method) || HasBearerKey(request) || IsSameOrigin(request))
        {
            return next(context);
        }

        return TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status403Forbidden,
            Title = "Cross-origin request refused.",
            Detail = "Changes through the API with the panel's session must come from the panel's own pages; scripts use an automation key.",
        }).ExecuteAsync(context);
    }

    internal static bool IsSameOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            // "none": the user's own action (typed address, bookmark), no page involved.
            return site is "same-origin" or "none";
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        // The scheme and host after the trusted proxy's X-Forwarded-* headers: the origin the browser sees.
        return Uri.TryCreate(origin, UriKind.Absolute, out var from)
            && Uri.TryCreate($"{request.Scheme}://{request.Host.ToUriComponent()}", UriKind.Absolute, out var panel)
            && Uri.Compare(from, panel, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0;
    }

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    private static bool HasBearerKey(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
}
