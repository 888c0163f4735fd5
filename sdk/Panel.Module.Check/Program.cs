using System.Reflection;
using System.Runtime.Loader;
using Panel.Contracts;

// Usage: Panel.Module.Check <module.dll>. Prints MSBuild-style errors and exits 1 when the module breaks a rule.
if (args.Length != 1 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: Panel.Module.Check <path to the built module assembly>");
    return 2;
}

var modulePath = Path.GetFullPath(args[0]);
var context = new ModuleContext(modulePath);
var problems = Check(context.LoadFromAssemblyPath(modulePath));
foreach (var problem in problems)
{
    Console.WriteLine($"{modulePath} : error PANEL001: {problem}");
}

return problems.Count == 0 ? 0 : 1;

static IReadOnlyList<string> Check(Assembly assembly)
{
    var entry = assembly.GetCustomAttribute<PanelModuleAttribute>();
    if (entry is null)
    {
        return [$"{assembly.GetName().Name} has no [assembly: PanelModule(typeof(...))] naming its entry type"];
    }

    if (Activator.CreateInstance(entry.ModuleType) is not IPanelModule module)
    {
        return [$"{entry.ModuleType.FullName} does not implement IPanelModule"];
    }

    return ManifestRules.Check(module.Manifest, assembly);
}

/// <summary>
/// Loads the module and its own dependencies from its build output, the way the host does (PreferSharedTypes): an
/// assembly the runtime already carries (the contract, ASP.NET Core, Microsoft.Extensions.*) comes from there, not from
/// the module's build output. Otherwise a module whose packages pull a newer patch of, say,
/// Microsoft.Extensions.DependencyInjection.Abstractions would see a different IServiceCollection than the contract's,
/// and its IPanelModule implementation would not load at all.
/// </summary>
internal sealed class ModuleContext(string modulePath) : AssemblyLoadContext("module", isCollectible: false)
{
    private static readonly HashSet<string> Shared = SharedAssemblyNames();

    private readonly AssemblyDependencyResolver _resolver = new(modulePath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is { } name && Shared.Contains(name))
        {
            return null;
        }

        return _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;

    // The default context's trusted platform assemblies: the shared frameworks plus this tool's own (Panel.Contracts).
    private static HashSet<string> SharedAssemblyNames() =>
        ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
