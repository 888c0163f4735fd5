using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Data.Sqlite;

namespace PanelHost.Startup;

/// <summary>A start-up value the panel cannot run with; names the configuration key (ADR-0019).</summary>
internal sealed class StartupConfigurationException(string key, string message) : Exception(message)
{
    public string Key { get; } = key;
}

/// <summary>
/// Turns what ends the start of the panel into one Critical JSON log line naming the cause and the port, file or key,
/// and exit code 1 (ADR-0019). The stack trace is only logged when debug logging is on: a service manager's journal
/// is read by people looking for the one line that says what to fix.
/// </summary>
internal static class FatalStartup
{
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";
    private static volatile bool _started;

    /// <summary>Until the panel has started, the generic host's own "Hosting failed to start" line (with its stack
    /// trace) would repeat what <see cref="Log"/> says; afterwards its errors (a background service that failed) pass.
    /// The generic host logs only Debug lines and failures, so its category keeps Warning and up.</summary>
    public static ILoggingBuilder AddStartupFilter(this ILoggingBuilder logging) =>
        logging.AddFilter(HostCategory, level => level >= LogLevel.Warning && (_started || level < LogLevel.Error));

    public static void MarkStarted() => _started = true;

    /// <summary>The cause in one sentence, or null for an exception this class does not know (it is rethrown).</summary>
    public static string? Describe(Exception ex, PanelPaths? paths)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DataFolderException folder:
                    return folder.Message;
                case StartupConfigurationException config:
                    return config.Message;
                case AddressInUseException or IOException { InnerException: AddressInUseException }:
                    return $"the listen address is already in use: {e.Message}";
                case IOException io when io.InnerException is SocketException or AddressInUseException || io.Message.StartsWith("Failed to bind", StringComparison.Ordinal):
                    return $"the panel cannot listen: {io.Message}";
                case SqliteException sqlite:
                    return $"the database {paths?.DatabaseFile ?? "file"} cannot be opened: {sqlite.Message}";
                case UnauthorizedAccessException denied:
                    return $"access denied: {denied.Message}";
            }
        }

        return null;
    }

    public static void Log(ILoggerFactory? loggers, string cause, Exception ex)
    {
        using var fallback = loggers is null ? LoggerFactory.Create(b => b.AddJsonConsole()) : null;
        var log = (loggers ?? fallback!).CreateLogger("PanelHost");
        if (log.IsEnabled(LogLevel.Debug))
        {
            log.LogCritical(ex, "The panel does not start: {Reason}", cause);
        }
        else
        {
            log.LogCritical("The panel does not start: {Reason}", cause);
        }
    }
}
