using System.Reflection;
using Panel.Contracts;

namespace PanelHost.Plugins;

/// <summary>Checks a module before the host builds menus and routes from it, with the contract's rules (the ones the SDK checks at build).</summary>
internal static class ManifestRules
{
    public static void Validate(ModuleManifest manifest, Assembly moduleAssembly)
    {
        var problems = Panel.Contracts.ManifestRules.Check(manifest, moduleAssembly);
        if (problems.Count > 0)
        {
            throw new ModuleLoadException(string.Join("; ", problems));
        }
    }
}
