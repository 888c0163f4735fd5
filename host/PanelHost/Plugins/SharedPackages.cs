using Microsoft.Extensions.DependencyModel;

namespace PanelHost.Plugins;

/// <summary>
/// The packages the host carries, by id and version. A module's copy of any of them is never used (the loader prefers
/// the host's assemblies), so a module built against a newer one would run on code older than it was built for: it is
/// refused before loading (ADR-0023).
/// </summary>
internal sealed class SharedPackages(IReadOnlyDictionary<string, string> versions)
{
    public IReadOnlyDictionary<string, string> Versions { get; } = versions;

    /// <summary>The packages of the running application's dependency manifest (the host's own deps.json).</summary>
    public static SharedPackages OfHost() =>
        new((DependencyContext.Default?.RuntimeLibraries ?? [])
            .Where(l => l.Type == "package")
            .GroupBy(l => l.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Version, StringComparer.OrdinalIgnoreCase));

    /// <summary>Why a module with these recorded packages cannot run on this host, or null when it can.</summary>
    public string? Refusal(IEnumerable<(string Id, string Version)> recorded)
    {
        var problems = new List<string>();
        foreach (var (id, version) in recorded)
        {
            if (!Versions.TryGetValue(id, out var hostVersion) || Numeric(version) is not { } needed || Numeric(hostVersion) is not { } carried)
            {
                continue;
            }

            if (needed.Major != carried.Major)
            {
                problems.Add($"it was built against {id} {version}, but this host carries {id} {hostVersion} (another major version)");
            }
            else if (needed > carried)
            {
                problems.Add($"it needs {id} {version}, but this host carries {id} {hostVersion}; rebuild the module against {hostVersion} or update the panel");
            }
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    // NuGet versions: 10.0.15, 1.2.3-preview.1+sha; the pre-release part does not change which side is newer here.
    private static Version? Numeric(string version)
    {
        var core = version.Split('-', '+')[0];
        return Version.TryParse(core.Contains('.', StringComparison.Ordinal) ? core : core + ".0", out var parsed)
            ? new Version(parsed.Major, parsed.Minor, Math.Max(parsed.Build, 0))
            : null;
    }
}
