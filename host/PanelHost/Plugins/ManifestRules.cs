using System.Text.RegularExpressions;
using Panel.Contracts;

namespace PanelHost.Plugins;

/// <summary>Checks a manifest before the host builds menus and routes from it.</summary>
internal static partial class ManifestRules
{
    public static void Validate(ModuleManifest manifest)
    {
        if (manifest is null)
        {
            throw new ModuleLoadException("the module has no manifest");
        }

        if (!IdPattern().IsMatch(manifest.Id ?? string.Empty))
        {
            throw new ModuleLoadException($"manifest id '{manifest.Id}' must be 1-32 lower-case letters, digits or '-'");
        }

        if (string.IsNullOrWhiteSpace(manifest.Menu?.Title))
        {
            throw new ModuleLoadException("manifest menu entry has no title");
        }

        if (manifest.Tabs is null || manifest.Tabs.Count == 0)
        {
            throw new ModuleLoadException("manifest declares no tabs");
        }

        foreach (var tab in manifest.Tabs)
        {
            if (!PathPattern().IsMatch(tab.Path ?? string.Empty))
            {
                throw new ModuleLoadException($"tab '{tab.Id}' has an invalid path '{tab.Path}'");
            }
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9/-]{0,63}$")]
    private static partial Regex PathPattern();
}
