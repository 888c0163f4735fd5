using Microsoft.AspNetCore.Authorization;

namespace PanelHost.Services;

/// <summary>
/// Until the first admin exists, every page that needs an admin (and the login page, which has no one to log in yet)
/// leads to /setup, as CloudPanel does on first visit. It runs after routing, so what may be reached anonymously
/// (setup itself, static assets, /healthz, error pages) is read from the endpoint instead of a list of paths.
/// </summary>
internal sealed class SetupRedirectMiddleware(RequestDelegate next, SetupState setup)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var leadsToSetup = HttpMethods.IsGet(context.Request.Method)
            && endpoint is not null
            && !Auth.PanelAuth.IsApi(context.Request.Path)
            && (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null || context.Request.Path.StartsWithSegments("/login"));
        if (leadsToSetup && !await setup.IsDoneAsync(context.RequestAborted).ConfigureAwait(false))
        {
            context.Response.Redirect("/setup");
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
