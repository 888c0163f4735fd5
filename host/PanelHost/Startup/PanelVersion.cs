using System.Reflection;

namespace PanelHost.Startup;

/// <summary>The panel's version: <c>Version</c> in Directory.Build.props, with the commit the build was made from.</summary>
internal static class PanelVersion
{
    public static string Informational { get; } =
        typeof(PanelVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(PanelVersion).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>The version without the commit (<c>1.2.0</c>).</summary>
    public static string Short => Informational.Split('+')[0];

    /// <summary><c>--version</c> (or <c>-v</c>): print the version and exit before anything else starts.</summary>
    public static bool Requested(string[] args) => args is ["--version"] or ["-v"];
}
