using System.Collections.Concurrent;
using Hetzner.Simulator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Panel.Modules.Hetzner.Integration;

namespace Modules.Hetzner.Tests.Integration;

/// <summary>
/// A simulator on loopback and the client built exactly as the module builds it (AddHetznerApi over a real
/// ServiceCollection), with every log line captured at Trace level. Disposing it fails the test if any token used
/// anywhere in the test run appears in a log line.
/// </summary>
internal sealed class HetznerClientHarness : IAsyncDisposable
{
    public const string Rw = SimulatorDefaults.ReadWriteToken;
    public const string Ro = SimulatorDefaults.ReadOnlyToken;

    /// <summary>A well-formed token the simulator does not know.</summary>
    public const string Unknown = "unknown-token-unknown-token-unknown-token-unknown-token-unknown0";

    private static readonly string[] Tokens = [Rw, Ro, Unknown];

    private readonly ServiceProvider _services;

    private HetznerClientHarness(SimulatorHost simulator, ServiceProvider services, CapturingLoggerProvider logs)
    {
        Simulator = simulator;
        _services = services;
        Logs = logs;
        Api = services.GetRequiredService<IHetznerApi>();
    }

    public SimulatorHost Simulator { get; }

    public SimulatorState Sim => Simulator.State;

    public IHetznerApi Api { get; }

    public CapturingLoggerProvider Logs { get; }

    public static async Task<HetznerClientHarness> StartAsync(
        IDictionary<string, string?>? settings = null, TimeProvider? timeProvider = null)
    {
        var simulator = await SimulatorHost.StartAsync(o =>
        {
            if (timeProvider is not null)
            {
                o.TimeProvider = timeProvider;
            }
        });
        var values = new Dictionary<string, string?>
        {
            ["ApiBaseUrl"] = simulator.ApiBaseUrl,
            ["MetadataBaseUrl"] = simulator.MetadataBaseUrl,
            ["Resilience:RetryBaseDelay"] = "00:00:00.010",
            ["Resilience:RetryMaxDelay"] = "00:00:00.050",
            ["Resilience:AttemptTimeout"] = "00:00:03",
            ["Resilience:TotalTimeout"] = "00:00:20",
            ["Resilience:ActionPollInterval"] = "00:00:00.050",
            ["Resilience:ActionPollMaxInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var section = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        services.AddHetznerApi(section);
        return new HetznerClientHarness(simulator, services.BuildServiceProvider(), logs);
    }

    /// <summary>The simulator's log lines for API paths containing <paramref name="pathPart"/>.</summary>
    public IReadOnlyList<LoggedRequest> RequestsTo(string pathPart) =>
        [.. Sim.Requests.Where(r => r.PathAndQuery.Contains(pathPart, StringComparison.Ordinal))];

    public static void AssertNoToken(string? text)
    {
        foreach (var token in Tokens)
        {
            Assert.DoesNotContain(token, text ?? "", StringComparison.Ordinal);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Simulator.DisposeAsync();
        foreach (var line in Logs.Lines)
        {
            AssertNoToken(line);
        }
    }
}

internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Capturing(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable BeginScope<TState>(TState state)
            where TState : notnull
        {
            lines.Enqueue($"{category} scope: {state}");
            return NullScope.Instance;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {state} {exception}");
    }

    private sealed class NullScope : IDisposable
    {
        public static readonly NullScope Instance = new();

        public void Dispose()
        {
        }
    }
}
