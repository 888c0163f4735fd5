using System.Reflection;

namespace PanelHost.Cli;

/// <summary>
/// The host's verbs besides serving: <c>backup &lt;file&gt;</c> and <c>restore &lt;file&gt;</c> (ADR-0020). They read the
/// same configuration as the panel (so <c>Panel:DataPath</c> from appsettings, the environment or the command line names
/// the same folder), never start the web server, print one line, and exit with 1 and one line on stderr on any failure.
/// </summary>
internal static class PanelCli
{
    public const string BackupVerb = "backup";
    public const string RestoreVerb = "restore";

    public static bool IsCommand(string[] args) => args is [BackupVerb or RestoreVerb, ..];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var verb = args[0];
        if (args.Length < 2 || args[1].StartsWith('-'))
        {
            await error.WriteLineAsync($"panelhost {verb}: name the archive file, e.g. panelhost {verb} /var/backups/panelhost.tar.gz").ConfigureAwait(false);
            return 1;
        }

        var archive = Path.GetFullPath(args[1]);
        try
        {
            // Only what follows the verb and its file is configuration: an absolute file name would otherwise read as
            // a "/key value" switch to the command-line provider and swallow the next argument.
            var dataPath = DataPath(args[2..]);
            var line = verb == BackupVerb
                ? DataBackup.Write(dataPath, archive, PanelVersion(), TimeProvider.System)
                : DataRestore.Extract(archive, dataPath);
            await output.WriteLineAsync(line).ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is BackupException or IOException or UnauthorizedAccessException or InvalidDataException
                                       or Microsoft.Data.Sqlite.SqliteException or System.Text.Json.JsonException or FormatException)
        {
            // One line a cron mail or journal shows whole; the exception type and stack would only bury the cause.
            var message = ex.Message.ReplaceLineEndings(" ");
            await error.WriteLineAsync($"panelhost {verb} failed: {message}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>The panel's data folder as the panel itself would resolve it, without creating or tightening it.</summary>
    internal static string DataPath(string[] configurationArgs)
    {
        // The same builder, content root and sources as Program.cs (ADR-0019); nothing is built, so no server, module
        // or database is touched.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = configurationArgs,
            ContentRootPath = Startup.HostLayout.ContentRoot(configurationArgs),
        });
        Startup.HostLayout.AddSystemConfiguration(builder.Configuration);
        return PanelPaths.ConfiguredDataPath(builder.Configuration, builder.Environment.ContentRootPath);
    }

    internal static string PanelVersion()
    {
        var assembly = typeof(PanelCli).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "unknown";
        // The SDK appends "+<commit>" when it knows the source revision; the manifest keeps it, it names the build.
        return version;
    }
}

/// <summary>A backup or restore that cannot go on; the message is the one line the command prints.</summary>
internal sealed class BackupException(string message, Exception? inner = null) : Exception(message, inner);
