namespace PanelHost;

/// <summary>Where the panel keeps its data and finds its modules.</summary>
/// <param name="DataPath"><c>Panel:DataPath</c>, default <c>data/</c> under the working directory.</param>
/// <param name="PluginsPath"><c>Panel:PluginsPath</c>, default <c>plugins/</c> beside the host assembly.</param>
internal sealed record PanelPaths(string DataPath, string PluginsPath)
{
    /// <exception cref="DataFolderException">The data folder cannot be made private to the panel's user.</exception>
    public static PanelPaths From(IConfiguration configuration)
    {
        var data = ConfiguredDataPath(configuration);
        var plugins = Path.GetFullPath(configuration["Panel:PluginsPath"] is { Length: > 0 } p ? p : Path.Combine(AppContext.BaseDirectory, "plugins"));
        // Everything the panel keeps there is its own; a folder made beforehand (or restored from a backup) may be
        // readable by every local user.
        DataFolderPermissions.EnsurePrivateFolder(data);
        DataFolderPermissions.EnsurePrivateFolder(Path.Combine(data, "keys"));
        DataFolderPermissions.SecureTree(data);
        return new PanelPaths(data, plugins);
    }

    /// <summary>The data folder's full path, without creating or tightening it (backup and restore read it too).</summary>
    public static string ConfiguredDataPath(IConfiguration configuration) =>
        Path.GetFullPath(configuration["Panel:DataPath"] is { Length: > 0 } d ? d : "data");

    public string DatabaseFile => Path.Combine(DataPath, "panel.db");

    public string KeysPath => Path.Combine(DataPath, "keys");

    /// <summary>The folder that belongs to one module (<c>modules/&lt;id&gt;</c>).</summary>
    public string ModuleDataPath(string moduleId) => Path.Combine(DataPath, "modules", moduleId);
}
