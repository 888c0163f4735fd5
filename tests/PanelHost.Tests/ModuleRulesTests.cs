using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Panel.Contracts;
using PanelHost.Plugins;

namespace PanelHost.Tests;

/// <summary>
/// What the host refuses before a module runs (ADR-0023): modules sharing an id, a tab without its page, a module that
/// needs newer shared packages than the host carries; and a dropped-in module's static files.
/// </summary>
public sealed class ModuleRulesTests : IDisposable
{
    private readonly List<string> _folders = [];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Two_modules_with_the_same_id_are_both_refused_whatever_the_folder_order(bool duplicateFirst)
    {
        var hetzner = PluginsWith("Panel.Modules.Hetzner", "plugins");
        var duplicate = PluginsWith("DuplicateIdModule", "sdk-plugins");
        var catalog = new ModuleCatalog(duplicateFirst ? [duplicate, hetzner] : [hetzner, duplicate]);

        catalog.Load(NullLogger.Instance);

        Assert.Empty(catalog.Modules);
        var failures = catalog.Failures.ToDictionary(f => f.Name);
        Assert.Equal(["DuplicateIdModule", "Panel.Modules.Hetzner"], failures.Keys.Order(StringComparer.Ordinal));
        Assert.Contains($"is also used by the module in {Path.Combine(hetzner, "Panel.Modules.Hetzner")}", failures["DuplicateIdModule"].Reason, StringComparison.Ordinal);
        Assert.Contains($"is also used by the module in {Path.Combine(duplicate, "DuplicateIdModule")}", failures["Panel.Modules.Hetzner"].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tab_whose_path_matches_no_page_of_the_module_is_refused_at_load()
    {
        var catalog = new ModuleCatalog([PluginsWith("MissingPageModule", "sdk-plugins")]);

        catalog.Load(NullLogger.Instance);

        Assert.Empty(catalog.Modules);
        var failure = Assert.Single(catalog.Failures);
        Assert.Equal("load", failure.Stage);
        Assert.Equal("tab 'reports' points to /m/missingpage/reports, but no component of MissingPageModule has @page \"/m/missingpage/reports\"", failure.Reason);
    }

    [Fact]
    public void A_module_built_against_a_newer_shared_package_is_refused_naming_both_versions()
    {
        // The module was built against EF Core 10.0.15 (recorded by the SDK); this host claims to carry 10.0.14.
        var catalog = new ModuleCatalog([PluginsWith("Panel.Modules.Hetzner", "plugins")], HostCarrying("10.0.14"));

        catalog.Load(NullLogger.Instance);

        Assert.Empty(catalog.Modules);
        var failure = Assert.Single(catalog.Failures);
        Assert.Contains("it needs Microsoft.EntityFrameworkCore 10.0.15, but this host carries Microsoft.EntityFrameworkCore 10.0.14", failure.Reason, StringComparison.Ordinal);
        Assert.False(AppDomain.CurrentDomain.GetAssemblies().Any(a => a.Location.StartsWith(failure.Folder, StringComparison.Ordinal)), "the module was loaded before it was refused");
    }

    [Fact]
    public void A_module_built_against_older_shared_packages_of_the_same_major_loads()
    {
        var catalog = new ModuleCatalog([PluginsWith("Panel.Modules.Hetzner", "plugins")], HostCarrying("10.0.99"));

        catalog.Load(NullLogger.Instance);

        Assert.Empty(catalog.Failures);
        Assert.Equal(["hetzner"], catalog.Modules.Select(m => m.Id));
    }

    [Fact]
    public void A_module_built_against_another_major_of_a_shared_package_is_refused()
    {
        var catalog = new ModuleCatalog([PluginsWith("Panel.Modules.Hetzner", "plugins")], HostCarrying("11.0.0"));

        catalog.Load(NullLogger.Instance);

        var failure = Assert.Single(catalog.Failures);
        Assert.Contains("built against Microsoft.EntityFrameworkCore 10.0.15, but this host carries Microsoft.EntityFrameworkCore 11.0.0 (another major version)", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_module_built_against_a_newer_minor_contract_is_refused_before_loading_naming_both_versions()
    {
        var catalog = new ModuleCatalog([PluginsWith("NextMinorContractModule", "sdk-plugins")]);

        catalog.Load(NullLogger.Instance);

        Assert.Empty(catalog.Modules);
        var failure = Assert.Single(catalog.Failures);
        Assert.Equal("load", failure.Stage);
        var host = typeof(IPanelModule).Assembly.GetName().Version!;
        var next = new Version(host.Major, host.Minor + 1, 0, 0);
        Assert.Contains($"built for contract version {next.ToString(2)} (Panel.Contracts {next}), but this host provides contract version {host.ToString(2)} ({host})", failure.Reason, StringComparison.Ordinal);
        Assert.False(AppDomain.CurrentDomain.GetAssemblies().Any(a => a.Location.StartsWith(failure.Folder, StringComparison.Ordinal)), "the module was loaded before it was refused");
    }

    [Fact]
    public void The_host_knows_its_own_contract_version_and_refuses_a_recorded_newer_minor()
    {
        // deps.json lists the contract as a project, without a version; the SDK records the package version it used.
        var host = SharedPackages.OfHost();
        var contract = typeof(IPanelModule).Assembly.GetName().Version!;
        var carried = contract.ToString(3);
        var nextMinor = $"{contract.Major}.{contract.Minor + 1}.0";

        Assert.Equal(carried, host.Versions["Panel.Contracts"]);
        Assert.Equal($"it needs Panel.Contracts {nextMinor}, but this host carries Panel.Contracts {carried}; rebuild the module against {carried} or update the panel", host.Refusal([("Panel.Contracts", nextMinor)]));
        Assert.Null(host.Refusal([("Panel.Contracts", $"{contract.Major}.0.0")]));
        Assert.Null(host.Refusal([("Panel.Contracts", contract.ToString(4))]));
    }

    [Fact]
    public void A_module_built_against_a_newer_patch_of_the_contract_is_not_refused()
    {
        // Patch releases do not change the contract's surface (its readme), so 1.1.1 runs on a 1.1.0 host.
        var host = new SharedPackages(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Panel.Contracts"] = "1.1.0" });

        Assert.Null(host.Refusal([("Panel.Contracts", "1.1.1")]));
        Assert.Null(host.Refusal([("Panel.Contracts", "1.1.1-preview.1")]));
        Assert.Null(host.Refusal([("Panel.Contracts", "1.1.0.3")]));
        Assert.Contains("it needs Panel.Contracts 1.2.0", host.Refusal([("Panel.Contracts", "1.2.0")]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.15", "10.0.15-preview.1", true)]
    [InlineData("10.0.15-preview.1", "10.0.15", false)]
    [InlineData("10.0.15-rc.2", "10.0.15-rc.10", false)]
    [InlineData("10.0.15-rc.10", "10.0.15-rc.2", true)]
    [InlineData("10.0.15+abc", "10.0.15", false)]
    public void Pre_release_versions_come_before_their_release(string needed, string carried, bool refused)
    {
        var host = new SharedPackages(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Microsoft.EntityFrameworkCore"] = carried });

        var refusal = host.Refusal([("Microsoft.EntityFrameworkCore", needed)]);

        Assert.Equal(refused, refusal is not null);
        if (refused)
        {
            Assert.Contains($"it needs Microsoft.EntityFrameworkCore {needed}, but this host carries Microsoft.EntityFrameworkCore {carried}", refusal, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_module_records_native_only_shared_packages_too()
    {
        // SQLitePCLRaw.lib.e_sqlite3 holds only the native SQLite library; the host's copy is the one that runs.
        var dll = Path.Combine(PanelFactory.PluginsFolder("plugins"), "Panel.Modules.Hetzner", "Panel.Modules.Hetzner.dll");
        var recorded = ModuleBuildRecord.Packages(dll).ToDictionary(p => p.Id, p => p.Version);

        Assert.Equal(SharedPackages.OfHost().Versions["SQLitePCLRaw.lib.e_sqlite3"], recorded["SQLitePCLRaw.lib.e_sqlite3"]);
    }

    [Fact]
    public void The_module_sdk_lists_exactly_the_packages_the_host_carries()
    {
        var sdkProps = System.Xml.Linq.XDocument.Load(Path.Combine(BenchLibTests.RepositoryRoot(), "sdk", "Panel.Module.Sdk", "build", "Panel.Module.Sdk.props"));
        var listed = sdkProps.Descendants("PanelSharedPackage").Select(e => (string)e.Attribute("Include")!).Order(StringComparer.Ordinal);
        var hostDeps = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(BenchLibTests.RepositoryRoot(), "host", "PanelHost", "bin", BuildConfiguration, "net10.0", "PanelHost.deps.json")));
        var carried = hostDeps.RootElement.GetProperty("libraries").EnumerateObject()
            .Where(l => l.Value.GetProperty("type").GetString() is "package" or "project")
            .Select(l => l.Name.Split('/')[0])
            .Where(n => n != "PanelHost")
            .Order(StringComparer.Ordinal);

        Assert.Equal(carried, listed);
    }

    [Fact]
    public async Task A_dropped_in_modules_wwwroot_is_served_at_its_assembly_name_with_cache_headers_under_the_csp()
    {
        var plugins = PluginsWith("AssetsModule", "sdk-plugins");
        using var factory = new PanelFactory(new PanelFactoryOptions { PluginsPath = plugins });
        using var client = factory.CreateClient();

        using var css = await client.GetAsync(new Uri("/_content/AssetsModule/assets.css", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Contains("rebeccapurple", await css.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var cache = css.Headers.CacheControl;
        Assert.True(cache is { Public: true, MustRevalidate: true }, $"Cache-Control: {cache}");
        Assert.Equal(TimeSpan.FromHours(1), cache.MaxAge);
        Assert.NotNull(css.Headers.ETag);
        Assert.True(css.Headers.Contains("Content-Security-Policy"));
    }

    public void Dispose()
    {
        foreach (var folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

#if DEBUG
    private const string BuildConfiguration = "Debug";
#else
    private const string BuildConfiguration = "Release";
#endif

    private static SharedPackages HostCarrying(string efVersion) =>
        new(new Dictionary<string, string>(SharedPackages.OfHost().Versions, StringComparer.OrdinalIgnoreCase) { ["Microsoft.EntityFrameworkCore"] = efVersion });

    /// <summary>A plugins folder of its own holding a copy of one published module.</summary>
    private string PluginsWith(string module, string from)
    {
        var plugins = Directory.CreateTempSubdirectory("panel-module-rules-").FullName;
        _folders.Add(plugins);
        var target = Directory.CreateDirectory(Path.Combine(plugins, module)).FullName;
        BrokenPluginTests.CopyDirectory(Path.Combine(PanelFactory.PluginsFolder(from), module), target);
        return plugins;
    }
}
