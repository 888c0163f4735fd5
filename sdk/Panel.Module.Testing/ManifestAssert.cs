using Panel.Contracts;

namespace Panel.Module.Testing;

/// <summary>Checks a module with the host's own rules (<see cref="ManifestRules"/>), as the panel does before loading it.</summary>
public static class ManifestAssert
{
    /// <summary>Throws <see cref="ModuleRuleException"/> listing every rule the module breaks.</summary>
    /// <param name="module">The module.</param>
    public static void Passes(IPanelModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var problems = ManifestRules.Check(module.Manifest, module.GetType().Assembly);
        if (problems.Count > 0)
        {
            throw new ModuleRuleException("The panel would refuse this module: " + string.Join("; ", problems));
        }
    }
}

/// <summary>A module breaks one of the host's rules.</summary>
public sealed class ModuleRuleException(string message) : Exception(message);
