using System.Reflection;
using NetArchTest.Rules;

namespace PanelHost.Tests;

/// <summary>The boundaries: host ↛ module, module ↛ host or another module, contract → framework only.</summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Host = typeof(PanelHost.Plugins.ModuleCatalog).Assembly;
    private static readonly Assembly Contract = typeof(Panel.Contracts.IPanelModule).Assembly;

    /// <summary>Every module published into the plugins folder, read from its file (never loaded into the test's context by name).</summary>
    public static TheoryData<string> ModuleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.EnumerateDirectories(PanelFactory.PluginsFolder()))
        {
            data.Add(Path.Combine(dir, Path.GetFileName(dir) + ".dll"));
        }

        return data;
    }

    [Fact]
    public void Host_never_depends_on_a_module()
    {
        var result = Types.InAssembly(Host).ShouldNot().HaveDependencyOnAny("Panel.Modules").GetResult();
        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void Contract_depends_only_on_the_framework()
    {
        // Types the compiler generates into the global namespace (a one-element collection expression's list) are not the contract's own.
        var result = Types.InAssembly(Contract).That().ResideInNamespaceStartingWith("Panel.Contracts").Should()
            .OnlyHaveDependenciesOn("System", "Microsoft.AspNetCore", "Microsoft.Extensions", "Panel.Contracts")
            .GetResult();
        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void Contract_public_types_are_interfaces_sealed_records_enums_attributes_or_constants()
    {
        foreach (var type in Contract.GetExportedTypes())
        {
            var ok = type.IsInterface || type.IsEnum || (type.IsSealed && type.IsClass) || (type.IsAbstract && type.IsSealed);
            Assert.True(ok, $"{type.FullName} is neither an interface, enum, sealed record/attribute nor a static class");
        }
    }

    [Theory]
    [MemberData(nameof(ModuleFiles))]
    public void Module_depends_on_neither_the_host_nor_another_module(string moduleFile)
    {
        var own = Path.GetFileNameWithoutExtension(moduleFile);
        var others = Directory.EnumerateDirectories(PanelFactory.PluginsFolder()).Select(Path.GetFileName).Where(n => n != own).Select(n => n!).ToArray();
        var types = Types.FromFile(moduleFile);

        var notHost = types.ShouldNot().HaveDependencyOnAny("PanelHost").GetResult();
        Assert.True(notHost.IsSuccessful, Describe(notHost));
        if (others.Length > 0)
        {
            var notOthers = Types.FromFile(moduleFile).ShouldNot().HaveDependencyOnAny(others).GetResult();
            Assert.True(notOthers.IsSuccessful, Describe(notOthers));
        }

        Assert.DoesNotContain(ReferencedAssemblies(moduleFile), n => n == "PanelHost" || n.StartsWith("Panel.Modules", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ModuleFiles))]
    public void Module_handlers_and_validators_are_not_public(string moduleFile)
    {
        var handlers = Types.FromFile(moduleFile).That().HaveNameEndingWith("Handler").Or().HaveNameEndingWith("Validator").Should().NotBePublic().GetResult();
        Assert.True(handlers.IsSuccessful, Describe(handlers));
    }

    private static List<string> ReferencedAssemblies(string file)
    {
        using var stream = File.OpenRead(file);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        return reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name)).ToList();
    }

    private static string Describe(TestResult result) =>
        result.IsSuccessful ? string.Empty : "Violations: " + string.Join(", ", result.FailingTypeNames ?? []);
}
