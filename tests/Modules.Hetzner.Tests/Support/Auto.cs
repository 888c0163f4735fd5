namespace Modules.Hetzner.Tests.Support;

/// <summary>The labels the panel puts on its automatic snapshots, spelled out as Hetzner stores them.</summary>
internal static class Auto
{
    public static Dictionary<string, string> Labels(string server) => new()
    {
        ["managed-by"] = "panelhost",
        ["panelhost.io/schedule"] = "auto",
        ["panelhost.io/server"] = server,
    };
}
