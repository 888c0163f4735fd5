namespace PanelHost;

/// <summary>Where the panel keeps its data and finds its modules.</summary>
/// <param name="DataPath"><c>Panel:DataPath</c>, default <c>data/</c> under the working directory.</param>
/// <param name="PluginsPath"><c>Panel:PluginsPath</c>, default <c>plugins/</c> beside the host assembly.</param>
internal sealed record PanelPaths(string DataPath, string PluginsPath)
{
    public static PanelPaths From(IConfiguration configuration)
    {
        var data = Path.GetFullPath(configuration["Panel:DataPath"] is { Length: > 0 } d ? d : "data");
        var plugins = Path.GetFullPath(configuration["Panel:PluginsPath"] is { Length: > 0 } p ? p : Path.Combine(AppContext.BaseDirectory, "plugins"));
        CreatePrivate(data);
        CreatePrivate(Path.Combine(data, "keys"));
        return new PanelPaths(data, plugins);
    }

    /// <summary>The data folder holds password hashes and the Data Protection keys: only the panel's user may read it.</summary>
    private static void CreatePrivate(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string DatabaseFile => Path.Combine(DataPath, "panel.db");

    public string KeysPath => Path.Combine(DataPath, "keys");
}
