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

    /// <summary>
    /// Serves each loaded module's <c>wwwroot</c> from its plugin folder (runtime plugins are not in the host's static
    /// web assets manifest) at <c>/_content/&lt;AssemblyName&gt;/</c> (the Razor class library convention) and at
    /// <c>/_modules/&lt;id&gt;/</c>. The modules initialise after the host listens, so whether one failed is asked per
    /// request: a failed module's files are gone with its pages and API.
    /// </summary>
    public static void UseModuleStaticFiles(this IApplicationBuilder app, ModuleCatalog catalog)
    {
        foreach (var module in catalog.Modules)
        {
            var wwwroot = Path.Combine(module.Folder, "wwwroot");
            if (Directory.Exists(wwwroot))
            {
                var files = new PhysicalFileProvider(wwwroot);
                app.UseWhen(_ => !catalog.IsFailed(module.Id), served =>
                {
                    served.UseStaticFiles(Options(files, $"/_content/{module.Assembly.GetName().Name}"));
                    served.UseStaticFiles(Options(files, $"/_modules/{module.Id}"));
                });
            }
        }
    }
}
