using System.Reflection;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Panel.Contracts;

namespace PanelHost.Plugins;

/// <summary>
/// Discovers modules in the plugins folder (<c>plugins/&lt;Name&gt;/&lt;Name&gt;.dll</c>), loads each into its own
/// load context sharing only the contract and the framework, and keeps the ones that load and register cleanly.
/// A broken module never stops the host: it is recorded as a <see cref="ModuleFailure"/> with its reason.
/// </summary>
internal sealed class ModuleCatalog
{
    // Copy-on-write: pages read these while a module's initialisation may still take it out.
    private readonly Lock _sync = new();
    private volatile IReadOnlyList<LoadedModule> _modules = [];
    private volatile IReadOnlyList<ModuleFailure> _failures = [];
    private volatile IReadOnlySet<string> _failedIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<Type> _wrappedHostedTypes = [];
    private readonly Dictionary<string, string> _dataPaths = new(StringComparer.OrdinalIgnoreCase);

    private readonly SharedPackages _hostPackages;

    public ModuleCatalog(IReadOnlyList<string> pluginsPaths, SharedPackages? hostPackages = null)
    {
        PluginsPaths = pluginsPaths;
        _hostPackages = hostPackages ?? SharedPackages.OfHost();
    }

    /// <summary>The folders modules are discovered in, in order; modules that share an id are all refused (ADR-0023).</summary>
    public IReadOnlyList<string> PluginsPaths { get; }

    /// <summary>The folders for people to read (separated by <c>;</c>, as in <c>Panel:PluginsPath</c>).</summary>
    public string PluginsPath => string.Join(";", PluginsPaths);

    public IReadOnlyList<LoadedModule> Modules => _modules;

    public IReadOnlyList<ModuleFailure> Failures => _failures;

    public IEnumerable<Assembly> Assemblies => _modules.Select(m => m.Assembly);

    /// <summary>Whether a module that loaded was taken out later (registration, mapping or initialisation failed).</summary>
    public bool IsFailed(string id) => _failedIds.Contains(id);

    public LoadedModule? Find(string id) =>
        _modules.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase));

    public static Version HostContractVersion => typeof(IPanelModule).Assembly.GetName().Version!;

    /// <summary>
    /// Loads every module folder of each plugins folder, in name order so that start-up is deterministic. Modules that
    /// share an id are all refused, whatever their folders' names or order: which one would win is no one's decision.
    /// </summary>
    public void Load(ILogger log)
    {
        var existing = PluginsPaths.Where(Directory.Exists).ToList();
        if (existing.Count == 0)
        {
            log.LogWarning("Plugins folder {PluginsPath} does not exist; no modules loaded", PluginsPath);
            return;
        }

        var candidates = new List<LoadedModule>();
        foreach (var folder in existing.SelectMany(p => Directory.EnumerateDirectories(p).Order(StringComparer.Ordinal)))
        {
            var name = Path.GetFileName(folder);
            try
            {
                candidates.Add(LoadOne(folder, name));
            }
            catch (ModuleLoadException ex)
            {
                Fail(log, folder, name, "load", ex.Message, null);
            }
#pragma warning disable CA1031 // Any failure of third-party code must leave the host running.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Fail(log, folder, name, "load", $"{ex.GetType().Name}: {ex.Message}", ex);
            }
        }

        foreach (var sameId in candidates.GroupBy(m => m.Id, StringComparer.OrdinalIgnoreCase))
        {
            if (sameId.Count() > 1)
            {
                foreach (var module in sameId)
                {
                    var others = string.Join(", ", sameId.Where(m => m != module).Select(m => m.Folder));
                    Fail(log, module.Folder, Path.GetFileName(module.Folder), "load", $"the id '{module.Id}' is also used by the module in {others}; both are refused until one is removed", null);
                }

                continue;
            }

            var loaded = sameId.Single();
            lock (_sync)
            {
                _modules = [.. _modules, loaded];
            }

            log.LogInformation("Loaded module {ModuleId} {ModuleVersion} from {Folder}", loaded.Id, loaded.Manifest.Version, loaded.Folder);
        }
    }

    /// <summary>
    /// Lets each module register its services into a scratch collection first, and copies its additions into the host's
    /// only when registration returns normally, so a module that throws half-way leaves nothing behind.
    /// </summary>
    public void ConfigureServices(IServiceCollection services, IConfiguration configuration, string dataPath, ILogger log)
    {
        foreach (var module in _modules.ToList())
        {
            try
            {
                var moduleData = Path.Combine(dataPath, "modules", module.Id);
                DataFolderPermissions.EnsurePrivateFolder(Path.GetDirectoryName(moduleData)!);
                DataFolderPermissions.EnsurePrivateFolder(moduleData);
                _dataPaths[module.Id] = moduleData;
                var context = new ModuleContext(configuration.GetSection($"Modules:{module.Manifest.Id}"), moduleData);
                // The scratch collection starts with the host's registrations so that TryAdd in a module sees them;
                // only what the module added is copied back (it cannot remove or replace host services).
                var existing = new HashSet<ServiceDescriptor>(services, ReferenceEqualityComparer.Instance);
                IServiceCollection scratch = new ServiceCollection();
                foreach (var descriptor in services)
                {
                    scratch.Add(descriptor);
                }

                module.Module.ConfigureServices(scratch, context);
                AddRegistrations(services, [.. scratch.Where(d => !existing.Contains(d))], module.Id);
            }
#pragma warning disable CA1031 // A module's registration failure must leave the host running.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                MarkFailed(module, "register services", ex, log);
            }
        }
    }

    /// <summary>Copies what a module registered into the host's collection, its hosted services wrapped.</summary>
    internal void AddRegistrations(IServiceCollection services, IReadOnlyList<ServiceDescriptor> added, string moduleId)
    {
        foreach (var descriptor in added)
        {
            // A wrapped registration no longer shows its type, so AddHostedService's own de-duplication cannot see
            // that an earlier module registered the same (shared) hosted service type; skip it here.
            if (descriptor.ServiceType == typeof(IHostedService) && !descriptor.IsKeyedService
                && descriptor.ImplementationType is { } hosted && !_wrappedHostedTypes.Add(hosted))
            {
                continue;
            }

            services.Add(DeferredHostedService.Wrap(descriptor, moduleId));
        }
    }

    /// <summary>Runs each module's initialisation (migrations); a module that fails is taken out of the menu and routing.</summary>
    public async Task InitializeAsync(IServiceProvider services, ILogger log, CancellationToken cancellationToken)
    {
        foreach (var module in _modules.ToList())
        {
            try
            {
                await module.Module.InitializeAsync(services, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A module's start-up failure must leave the host running.
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                // SQLite's errors ("file is not a database") never say which file; the admin needs to know.
                var damaged = _dataPaths.TryGetValue(module.Id, out var folder) ? Services.DatabaseFileCheck.DescribeFolder(folder) : null;
                MarkFailed(module, "initialize", ex, log, damaged);
            }
        }
    }

    /// <summary>Takes a module out of the menu and routing and records why.</summary>
    public void MarkFailed(LoadedModule module, string stage, Exception ex, ILogger log, string? detail = null)
    {
        lock (_sync)
        {
            _modules = [.. _modules.Where(m => m != module)];
            _failedIds = new HashSet<string>(_failedIds.Append(module.Id), StringComparer.OrdinalIgnoreCase);
        }

        var reason = $"{ex.GetType().Name}: {ex.Message}";
        Fail(log, module.Folder, Path.GetFileName(module.Folder), stage, detail is null ? reason : $"{reason} ({detail})", ex);
    }

    private LoadedModule LoadOne(string folder, string name)
    {
        var dll = Path.Combine(folder, name + ".dll");
        if (!File.Exists(dll))
        {
            throw new ModuleLoadException($"the folder has no {name}.dll (a module is published into plugins/<AssemblyName>/)");
        }

        var contractName = typeof(IPanelModule).Assembly.GetName().Name!;
        var built = ContractVersionReader.ReferencedVersion(dll, contractName)
            ?? throw new ModuleLoadException($"{name}.dll does not reference {contractName}; it is not a panel module");
        if (built.Major != HostContractVersion.Major)
        {
            throw new ModuleLoadException(
                $"built for contract version {built.Major}.{built.Minor} ({contractName} {built}), but this host provides contract version {HostContractVersion.Major}.{HostContractVersion.Minor} ({HostContractVersion})");
        }

        // A minor version adds to the contract: a module built against a newer minor may use what this host lacks, and
        // the runtime would refuse to bind its reference to the host's older assembly deep inside the loader.
        if (built.Minor > HostContractVersion.Minor)
        {
            throw new ModuleLoadException(
                $"built for contract version {built.Major}.{built.Minor} ({contractName} {built}), but this host provides contract version {HostContractVersion.Major}.{HostContractVersion.Minor} ({HostContractVersion}); update the panel or build the module against {contractName} {HostContractVersion.Major}.{HostContractVersion.Minor}");
        }

        if (File.Exists(Path.Combine(folder, contractName + ".dll")))
        {
            throw new ModuleLoadException($"the folder ships its own {contractName}.dll; the contract must come from the host (reference it with Private=false and ExcludeAssets=runtime)");
        }

        if (_hostPackages.Refusal(ModuleBuildRecord.Packages(dll)) is { } tooNew)
        {
            throw new ModuleLoadException(tooNew);
        }

        var loader = PluginLoader.CreateFromAssemblyFile(dll, SharedTypes, config =>
        {
            config.PreferSharedTypes = true;
            // With shared types preferred, every assembly the host can load comes from the host anyway; lazy loading
            // only stops the loader from walking (and loading) the whole reference closure of each shared assembly up
            // front, which was most of a module's load time.
            config.IsLazyLoaded = true;
        });
        var assembly = loader.LoadDefaultAssembly();
        var entry = assembly.GetCustomAttribute<PanelModuleAttribute>()
            ?? throw new ModuleLoadException($"{name}.dll has no [assembly: PanelModule(typeof(...))] naming its entry type");
        if (!typeof(IPanelModule).IsAssignableFrom(entry.ModuleType))
        {
            throw new ModuleLoadException($"{entry.ModuleType.FullName} does not implement the host's {nameof(IPanelModule)}");
        }

        var instance = (IPanelModule)(Activator.CreateInstance(entry.ModuleType)
            ?? throw new ModuleLoadException($"could not create {entry.ModuleType.FullName}"));
        ManifestRules.Validate(instance.Manifest, assembly);
        return new LoadedModule(instance, assembly, loader, folder);
    }

    private void Fail(ILogger log, string folder, string name, string stage, string reason, Exception? ex)
    {
        lock (_sync)
        {
            _failures = [.. _failures, new ModuleFailure(folder, name, stage, reason)];
        }

        log.LogError(ex, "Module {Module} in {Folder} failed to {Stage}: {Reason}", name, folder, stage, reason);
    }

    /// <summary>The types whose assemblies must be the host's single copy (the contract and the framework pieces modules see).</summary>
    private static readonly Type[] SharedTypes =
    [
        typeof(IPanelModule),
        typeof(IServiceCollection),
        typeof(IConfiguration),
        typeof(ILogger),
        typeof(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder),
        typeof(Microsoft.AspNetCore.Components.ComponentBase),
        typeof(Microsoft.AspNetCore.DataProtection.IDataProtectionProvider),
        typeof(Microsoft.EntityFrameworkCore.DbContext),
    ];
}

/// <summary>A module folder that is not a loadable module; the message is shown to the admin as is.</summary>
internal sealed class ModuleLoadException(string message) : Exception(message);
