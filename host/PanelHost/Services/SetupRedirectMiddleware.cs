namespace PanelHost.Services;

/// <summary>Until the first admin exists, every page leads to /setup (as CloudPanel does on first visit).</summary>
internal sealed class SetupRedirectMiddleware(RequestDelegate next, SetupState setup)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var exempt = path.StartsWithSegments("/setup") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/_modules")
            || path.StartsWithSegments("/css") || path.StartsWithSegments("/js") || path.StartsWithSegments("/_framework")
            || path.StartsWithSegments("/favicon.svg") || Auth.PanelAuth.IsApi(path);
        if (!exempt && HttpMethods.IsGet(context.Request.Method) && !await setup.IsDoneAsync(context.RequestAborted).ConfigureAwait(false))
        {
            context.Response.Redirect("/setup");
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
