namespace PanelHost.Tests;

/// <summary>The published module folder, as a hosting provider receives it.</summary>
public sealed class PackagingTests
{
    private static readonly string ModuleFolder = Path.Combine(PanelFactory.PluginsFolder(), "Panel.Modules.Hetzner");

    [Fact]
    public void Module_folder_is_a_published_plugin_without_what_the_host_carries()
    {
        Assert.True(File.Exists(Path.Combine(ModuleFolder, "Panel.Modules.Hetzner.dll")));
        Assert.True(File.Exists(Path.Combine(ModuleFolder, "Panel.Modules.Hetzner.deps.json")));
        Assert.True(File.Exists(Path.Combine(ModuleFolder, "wwwroot", "hetzner.js")));
        // EF Core, Microsoft.Data.Sqlite and SQLitePCLRaw (native libraries included) come from the host (ADR-0022).
        Assert.False(Directory.Exists(Path.Combine(ModuleFolder, "runtimes")), "the module ships native libraries the host carries");
        Assert.False(File.Exists(Path.Combine(ModuleFolder, "Microsoft.EntityFrameworkCore.dll")));
        Assert.False(File.Exists(Path.Combine(ModuleFolder, "Microsoft.EntityFrameworkCore.Design.dll")));
        var bytes = Directory.EnumerateFiles(ModuleFolder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.True(bytes <= 5 * 1024 * 1024, $"the module folder holds {bytes} bytes, over 5 MB");
    }

    [Fact]
    public void Module_folder_holds_no_contract_or_framework_assembly()
    {
        var shipped = Directory.EnumerateFiles(ModuleFolder, "*.dll").Select(Path.GetFileName).ToList();
        Assert.DoesNotContain("Panel.Contracts.dll", shipped);

        // Anything the shared frameworks (Microsoft.NETCore.App, Microsoft.AspNetCore.App) provide must come from the host,
        // or the module would see types that are not the host's.
        var frameworkDirs = new[]
        {
            Path.GetDirectoryName(typeof(object).Assembly.Location)!,
            Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Builder.WebApplication).Assembly.Location)!,
        };
        var frameworkAssemblies = frameworkDirs.SelectMany(d => Directory.EnumerateFiles(d, "*.dll")).Select(Path.GetFileName).ToHashSet();
        Assert.True(frameworkAssemblies.Count > 150, "framework folders not found");
        Assert.DoesNotContain(shipped, frameworkAssemblies.Contains);
    }

    [Fact]
    public void Host_output_holds_no_module_assembly()
    {
        Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, "Panel.Modules.Hetzner.dll")));
        var hostDeps = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "PanelHost.deps.json"));
        Assert.DoesNotContain("Panel.Modules.Hetzner", hostDeps, StringComparison.Ordinal);
        Assert.DoesNotContain(typeof(PanelHost.Plugins.ModuleCatalog).Assembly.GetReferencedAssemblies(), a => a.Name!.StartsWith("Panel.Modules", StringComparison.Ordinal));
    }

    [Fact]
    public void Module_references_the_contract_major_the_host_provides()
    {
        var built = PanelHost.Plugins.ContractVersionReader.ReferencedVersion(Path.Combine(ModuleFolder, "Panel.Modules.Hetzner.dll"), "Panel.Contracts");
        Assert.Equal(typeof(Panel.Contracts.IPanelModule).Assembly.GetName().Version!.Major, built!.Major);
        Assert.Equal(Panel.Contracts.ContractInfo.MajorVersion, typeof(Panel.Contracts.IPanelModule).Assembly.GetName().Version!.Major);
    }

    [Fact]
    public void Contract_depends_on_nothing_but_the_framework()
    {
        var references = typeof(Panel.Contracts.IPanelModule).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || name.StartsWith("Microsoft.Extensions", StringComparison.Ordinal) || name == "netstandard", name));
    }
}
