using Hetzner.Simulator;
using MediatR;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Panel.Contracts;
using Panel.Module.Testing;
using Panel.Modules.Hetzner;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Features.SaveApiToken;
using Panel.Modules.Hetzner.Snapshots.Scheduling;

namespace Modules.Hetzner.Tests.Support;

/// <summary>
/// The module as the host wires it (its own ConfigureServices and InitializeAsync), on a real SQLite file in a temp
/// folder and the real API client pointed at an in-process simulator. The background worker is not started: tests
/// drive <see cref="SnapshotScheduler"/> passes themselves.
/// </summary>
internal sealed class ModuleHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly bool _ownsDataPath;

    private ModuleHarness(ServiceProvider services, string dataPath, bool ownsDataPath, RecordingAuditLog audit, RecordingNotifier notifier)
    {
        _services = services;
        DataPath = dataPath;
        _ownsDataPath = ownsDataPath;
        Audit = audit;
        Notifier = notifier;
    }

    public IServiceProvider Services => _services;

    public string DataPath { get; }

    public RecordingAuditLog Audit { get; }

    public RecordingNotifier Notifier { get; }

    /// <param name="simulator">The Hetzner stand-in.</param>
    /// <param name="timeProvider">The module's clock (also the API client's: it polls and retries on it).</param>
    /// <param name="dataPath">An existing data folder to reopen, as after a restart; a new temp folder when null.</param>
    /// <param name="protection">The host's data protection; pass the same one to read a token stored before a restart.</param>
    /// <param name="metadataBaseUrl">Overrides the metadata address (to simulate a panel that is not on Hetzner).</param>
    /// <param name="settings">More keys of the module's configuration section (e.g. <c>Preset:Token</c>).</param>
    public static async Task<ModuleHarness> StartAsync(
        SimulatorHost simulator,
        TimeProvider? timeProvider = null,
        string? dataPath = null,
        IDataProtectionProvider? protection = null,
        string? metadataBaseUrl = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        var ownsDataPath = dataPath is null;
        dataPath ??= Directory.CreateTempSubdirectory("hetzner-module-tests-").FullName;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ApiBaseUrl"] = simulator.ApiBaseUrl,
                ["MetadataBaseUrl"] = metadataBaseUrl ?? simulator.MetadataBaseUrl,
                // Generous: a cold first request on a busy machine must not look like a panel off Hetzner.
                ["MetadataTimeout"] = "00:00:10",
                ["Resilience:MaxRetries"] = "2",
                ["Resilience:RetryBaseDelay"] = "00:00:00.010",
                ["Resilience:RetryMaxDelay"] = "00:00:00.050",
                ["Resilience:ActionPollInterval"] = "00:00:00.050",
                ["Resilience:ActionPollMaxInterval"] = "00:00:00.100",
                ["ImagePollSeconds"] = "0.05",
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();

        var audit = new RecordingAuditLog();
        var notifier = new RecordingNotifier();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(timeProvider ?? TimeProvider.System);
        services.AddSingleton(protection ?? new EphemeralDataProtectionProvider());
        services.AddSingleton<IAuditLog>(audit);
        services.AddSingleton<IAdminNotifier>(notifier);
        new HetznerModule().ConfigureServices(services, new ModuleContext(configuration, dataPath));

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        await new HetznerModule().InitializeAsync(provider, CancellationToken.None);
        return new ModuleHarness(provider, dataPath, ownsDataPath, audit, notifier);
    }

    public async Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, cancellationToken);
    }

    /// <summary>Runs <paramref name="action"/> with services from a fresh scope (a DbContext of its own).</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var scope = _services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<WakeUp> RunSchedulerPassAsync(CancellationToken cancellationToken = default) =>
        InScopeAsync(sp => sp.GetRequiredService<SnapshotScheduler>().RunDueWorkAsync(cancellationToken));

    /// <summary>Runs <paramref name="test"/> while the module's hosted background worker runs.</summary>
    public Task WithWorkerAsync(Func<Task> test) => WithHostedServiceAsync<SnapshotWorker>(test);

    /// <summary>Runs <paramref name="test"/> while one of the module's hosted services runs.</summary>
    public async Task WithHostedServiceAsync<TService>(Func<Task> test)
        where TService : IHostedService
    {
        ArgumentNullException.ThrowIfNull(test);
        var worker = _services.GetServices<IHostedService>().OfType<TService>().Single();
        await worker.StartAsync(CancellationToken.None);
        try
        {
            await test();
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    public Task<T> QueryDbAsync<T>(Func<HetznerDbContext, Task<T>> query) =>
        InScopeAsync(sp => query(sp.GetRequiredService<HetznerDbContext>()));

    public Task<SaveApiTokenResult> SaveTokenAsync(string token = SimulatorDefaults.ReadWriteToken) =>
        SendAsync(new SaveApiTokenCommand(token));

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsDataPath)
        {
            Directory.Delete(DataPath, recursive: true);
        }
    }
}
