using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace PanelHost.Plugins;

/// <summary>How a dropped-in module's <c>wwwroot</c> is served (ADR-0023).</summary>
internal static class ModuleStaticFiles
{
    /// <summary>
    /// A module's file names carry no content hash, so a browser may keep a file for an hour and then revalidates it
    /// with the ETag and Last-Modified the static file middleware sends: an updated module is seen within the hour.
    /// </summary>
    public const string CacheControl = "public, max-age=3600, must-revalidate";

    public static StaticFileOptions Options(IFileProvider files, string requestPath) => new()
    {
        FileProvider = files,
        RequestPath = requestPath,
        OnPrepareResponse = ctx => ctx.Context.Response.Headers[HeaderNames.CacheControl] = CacheControl,
    };
}
