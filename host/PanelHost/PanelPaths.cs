namespace PanelHost;

/// <summary>Where the panel keeps its data and finds its modules.</summary>
/// <param name="DataPath"><c>Panel:DataPath</c>, default <c>data/</c> under the content root.</param>
/// <param name="PluginsPaths"><c>Panel:PluginsPath</c>, default the bundled <c>plugins/</c> beside the host assembly,
/// then <c>plugins/</c> in the data folder (modules an admin or provider added, kept across upgrades).</param>
internal sealed record PanelPaths(string DataPath, IReadOnlyList<string> PluginsPaths)
{
    /// <summary>
    /// Relative paths are resolved against the content root (the install folder, or the project folder under
    /// <c>dotnet run</c>), never the working directory: a service started from <c>/</c> must not write <c>/data</c>.
    /// </summary>
    /// <exception cref="DataFolderException">The data folder cannot be made private to the panel's user.</exception>
    public static PanelPaths From(IConfiguration configuration, string contentRoot)
    {
        var data = ConfiguredDataPath(configuration, contentRoot);
        // Everything the panel keeps there is its own; a folder made beforehand (or restored from a backup) may be
        // readable by every local user.
        DataFolderPermissions.EnsurePrivateFolder(data);
        DataFolderPermissions.EnsurePrivateFolder(Path.Combine(data, "keys"));
        DataFolderPermissions.SecureTree(data);
        return new PanelPaths(data, PluginFolders(configuration, contentRoot, data));
    }

    /// <summary><c>Panel:PluginsPath</c> as one value (folders separated by <c>;</c>) or as an array section.</summary>
    internal static IReadOnlyList<string> PluginFolders(IConfiguration configuration, string contentRoot, string data)
    {
        var section = configuration.GetSection("Panel:PluginsPath");
        var named = section.Value is { Length: > 0 } value
            ? value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [.. section.GetChildren().Select(c => c.Value).OfType<string>().Where(v => v.Length > 0)];
        string[] folders = named.Length > 0
            ? named
            : [Path.Combine(AppContext.BaseDirectory, "plugins"), Path.Combine(data, "plugins")];
        return [.. folders.Select(f => Path.GetFullPath(f, contentRoot)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The data folder's full path, without creating or tightening it (backup and restore read it too).</summary>
    public static string ConfiguredDataPath(IConfiguration configuration, string contentRoot) =>
        Path.GetFullPath(configuration["Panel:DataPath"] is { Length: > 0 } d ? d : "data", contentRoot);

    public string DatabaseFile => Path.Combine(DataPath, "panel.db");

    public string KeysPath => Path.Combine(DataPath, "keys");

    /// <summary>The folder that belongs to one module (<c>modules/&lt;id&gt;</c>).</summary>
    public string ModuleDataPath(string moduleId) => Path.Combine(DataPath, "modules", moduleId);
}
