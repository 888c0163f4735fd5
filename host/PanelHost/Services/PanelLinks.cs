using PanelHost.Plugins;

namespace PanelHost.Services;

/// <summary>Links the shell draws for modules.</summary>
internal static class PanelLinks
{
    /// <summary>The module's first tab.</summary>
    public static string ModuleHome(LoadedModule module) =>
        $"/m/{module.Id}/{module.Manifest.Tabs.OrderBy(t => t.Order).First().Path}";

    /// <summary>The path when it is a path inside the panel (one leading slash, no scheme or host), else null.</summary>
    public static string? Local(string? link) =>
        link is { Length: > 0 } && link[0] == '/' && !link.StartsWith("//", StringComparison.Ordinal) && !link.Contains('\\', StringComparison.Ordinal)
            ? link
            : null;
}
