using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Panel.Contracts;
using PanelHost.Alerts;
using PanelHost.Data;
using PanelHost.Plugins;
using PanelHost.Services;

namespace PanelHost.Tests.Alerts;

/// <summary>
/// The host's alert services as Program wires them (AddPanelAlerts, the real AdminNotifier and audit log) on a real,
/// migrated SQLite file and a fake clock. The delivery worker is not started: tests run its passes themselves, so the
/// clock alone decides what is due.
/// </summary>
internal sealed class AlertHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _folder;

    private AlertHarness(ServiceProvider services, string folder, FakeTimeProvider time)
    {
        _services = services;
        _folder = folder;
        Time = time;
    }

    public static readonly DateTimeOffset Start = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => _services;

    public AlertChannelService Channels => _services.GetRequiredService<AlertChannelService>();

    public AlertDispatcher Dispatcher => _services.GetRequiredService<AlertDispatcher>();

    public IAdminNotifier Notifier => _services.GetRequiredService<IAdminNotifier>();

    /// <summary>The folder holding <c>panel.db</c> and the keys.</summary>
    public string Folder => _folder;

    /// <param name="settings">Configuration keys.</param>
    /// <param name="logs">Receives every log line at every level (to prove what is never logged).</param>
    public static async Task<AlertHarness> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, ILoggerProvider? logs = null)
    {
        var folder = Directory.CreateTempSubdirectory("panel-alerts-").FullName;
        var time = new FakeTimeProvider(Start);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            if (logs is not null)
            {
                b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
            }
        });
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(new ModuleCatalog([]));
        services.AddSingleton<IHttpContextAccessor, HttpContextAccessor>();
        services.AddDbContextFactory<PanelDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(folder, "panel.db")}"));
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(folder, "keys")));
        services.AddSingleton<StartupGate>();
        services.AddSingleton<IAuditLog, AuditLog>();
        services.AddSingleton<EventLog>();
        services.AddSingleton<AdminNotifier>();
        services.AddSingleton<IAdminNotifier>(sp => sp.GetRequiredService<AdminNotifier>());
        services.AddPanelAlerts(configuration);
        var provider = services.BuildServiceProvider();
        await using (var db = await provider.GetRequiredService<IDbContextFactory<PanelDbContext>>().CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
        }

        provider.GetRequiredService<StartupGate>().OpenHostData();
        return new AlertHarness(provider, folder, time);
    }

    public async Task<int> AddWebhookAsync(string url, string secret, string name = "Ops webhook")
    {
        var (channel, errors) = await Channels.SaveAsync(new AlertChannelInput { Name = name, Kind = "webhook", WebhookUrl = url, WebhookSecret = secret }, CancellationToken.None);
        Assert.Empty(errors);
        return channel!.Id;
    }

    public async Task<int> AddEmailAsync(int port, string security = "none", string name = "Ops mailbox", string? user = null, string? password = null)
    {
        var (channel, errors) = await Channels.SaveAsync(new AlertChannelInput
        {
            Name = name,
            Kind = "email",
            SmtpHost = "127.0.0.1",
            SmtpPort = port,
            SmtpSecurity = security,
            SmtpUser = user,
            SmtpPassword = password,
            MailFrom = "PanelHost <panel@example.test>",
            MailTo = "ops@example.test, oncall@example.test",
        }, CancellationToken.None);
        Assert.Empty(errors);
        return channel!.Id;
    }

    public Task<T> QueryAsync<T>(Func<PanelDbContext, Task<T>> query) => QueryCoreAsync(query);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<T> QueryCoreAsync<T>(Func<PanelDbContext, Task<T>> query)
    {
        await using var db = await _services.GetRequiredService<IDbContextFactory<PanelDbContext>>().CreateDbContextAsync();
        return await query(db);
    }
}
