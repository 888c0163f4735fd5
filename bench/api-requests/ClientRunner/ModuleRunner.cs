using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MediatR;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Panel.Contracts;
using Panel.Modules.Hetzner;
using Panel.Modules.Hetzner.Features.SaveApiToken;
using Panel.Modules.Hetzner.Features.SaveSnapshotSettings;
using Panel.Modules.Hetzner.Snapshots.Scheduling;

namespace ApiRequests.ClientRunner;

/// <summary>
/// The whole module as the host wires it (its own ConfigureServices and InitializeAsync, a temp data folder), pointed
/// at the simulator, so the requests counted are the ones a panel makes. The background worker is not started: the
/// runner drives the scheduler passes the worker would run, and counts with the simulator's request log.
/// </summary>
internal sealed partial class ModuleRunner : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _dataPath;
    private readonly HttpClient _control;

    private ModuleRunner(ServiceProvider services, string dataPath, Uri simulator)
    {
        _services = services;
        _dataPath = dataPath;
        _control = new HttpClient { BaseAddress = simulator };
    }

    public static async Task<ModuleRunner> StartAsync(string apiBaseUrl, TimeProvider timeProvider)
    {
        var simulator = new Uri(apiBaseUrl.TrimEnd('/')[..^"v1".Length]);
        var dataPath = Directory.CreateTempSubdirectory("api-requests-").FullName;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ApiBaseUrl"] = apiBaseUrl,
                ["MetadataBaseUrl"] = new Uri(simulator, "hetzner/v1/metadata").ToString(),
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(timeProvider);
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddSingleton<IAuditLog, ConsoleAuditLog>();
        services.AddSingleton<IAdminNotifier, ConsoleNotifier>();
        new HetznerModule().ConfigureServices(services, new ModuleContext(configuration, dataPath));
        var provider = services.BuildServiceProvider();
        await new HetznerModule().InitializeAsync(provider, CancellationToken.None);
        return new ModuleRunner(provider, dataPath, simulator);
    }

    public async Task<T> SendAsync<T>(IRequest<T> request)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    /// <summary>Saves the token and lets the first pass read the list, the price and the server, as a new panel does.</summary>
    public async Task ConnectAsync(string token)
    {
        await SendAsync(new SaveApiTokenCommand(token));
        await PassAsync();
    }

    public Task EnableScheduleAsync() => SendAsync(new SaveSnapshotSettingsCommand(true, 12, 7, 1));

    public async Task<WakeUp> PassAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SnapshotScheduler>().RunDueWorkAsync(CancellationToken.None);
    }

    public async Task ResetCountAsync() => (await _control.DeleteAsync(new Uri("_sim/requests", UriKind.Relative))).EnsureSuccessStatusCode();

    /// <summary>API requests since the last reset (metadata requests do not count against the budget), and how many
    /// of them started a pass over the whole snapshot list (the first page without a label selector).</summary>
    public async Task<(int Requests, int ListPasses)> CountAsync()
    {
        var logged = await _control.GetFromJsonAsync<List<Logged>>(new Uri("_sim/requests", UriKind.Relative), JsonSerializerOptions.Web) ?? [];
        var api = logged.Where(r => r.PathAndQuery.StartsWith("/v1/", StringComparison.Ordinal)).ToList();
        var passes = api.Count(r => r.Method == "GET" && r.PathAndQuery.StartsWith("/v1/images?", StringComparison.Ordinal)
            && !r.PathAndQuery.Contains("label_selector", StringComparison.Ordinal) && FirstPage().IsMatch(r.PathAndQuery));
        return (api.Count, passes);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _control.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataPath, recursive: true);
    }

    [GeneratedRegex("[?&]page=1(&|$)")]
    private static partial Regex FirstPage();

    private sealed record Logged(string Method, string PathAndQuery);

    private sealed class ConsoleAuditLog : IAuditLog
    {
        public Task WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default) =>
            Console.Error.WriteLineAsync($"audit {auditEvent.Code}: {auditEvent.Details}");
    }

    private sealed class ConsoleNotifier : IAdminNotifier
    {
        public Task RaiseAsync(AdminNotification notification, CancellationToken cancellationToken = default) =>
            Console.Error.WriteLineAsync($"notification {notification.Severity}: {notification.Title}");
    }
}
