using System.Reflection;
using Microsoft.Extensions.DependencyModel;
using NuGet.Versioning;
using Panel.Contracts;

namespace PanelHost.Plugins;

/// <summary>
/// The packages the host carries, by id and version. A module's copy of any of them is never used (the loader prefers
/// the host's assemblies), so a module built against a newer one would run on code older than it was built for: it is
/// refused before loading (ADR-0023).
/// </summary>
internal sealed class SharedPackages(IReadOnlyDictionary<string, string> versions)
{
    public IReadOnlyDictionary<string, string> Versions { get; } = versions;

    /// <summary>
    /// The packages of the running application's dependency manifest (the host's own deps.json), and the contract: the
    /// host builds it as a project, so deps.json names no version for it; its assembly carries the package version.
    /// </summary>
    public static SharedPackages OfHost()
    {
        var versions = (DependencyContext.Default?.RuntimeLibraries ?? [])
            .Where(l => l.Type == "package")
            .GroupBy(l => l.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Version, StringComparer.OrdinalIgnoreCase);
        var contract = typeof(IPanelModule).Assembly;
        versions[contract.GetName().Name!] = ContractPackageVersion(contract);
        return new(versions);
    }

    /// <summary>The contract's package version (its informational version without the commit), e.g. 1.1.0.</summary>
    public static string ContractPackageVersion(Assembly contract)
    {
        var informational = contract.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational?.Split('+')[0] ?? contract.GetName().Version!.ToString(3);
    }

    /// <summary>Why a module with these recorded packages cannot run on this host, or null when it can.</summary>
    public string? Refusal(IEnumerable<(string Id, string Version)> recorded)
    {
        var problems = new List<string>();
        foreach (var (id, version) in recorded)
        {
            if (!Versions.TryGetValue(id, out var hostVersion) || !NuGetVersion.TryParse(version, out var needed) || !NuGetVersion.TryParse(hostVersion, out var carried))
            {
                continue;
            }

            if (needed.Major != carried.Major)
            {
                problems.Add($"it was built against {id} {version}, but this host carries {id} {hostVersion} (another major version)");
            }
            // NuGet's order: 10.0.15-preview.1 comes before 10.0.15, so a module built against the release does not
            // run on its preview, and one built against a preview runs on the release.
            // The contract's patch releases do not change its surface (its readme), so only major.minor counts for it;
            // ModuleCatalog checks the minor of the referenced assembly too.
            else if (IsContract(id) ? (needed.Major, needed.Minor).CompareTo((carried.Major, carried.Minor)) > 0 : needed > carried)
            {
                problems.Add($"it needs {id} {version}, but this host carries {id} {hostVersion}; rebuild the module against {hostVersion} or update the panel");
            }
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static bool IsContract(string id) => string.Equals(id, typeof(IPanelModule).Assembly.GetName().Name, StringComparison.OrdinalIgnoreCase);
}
