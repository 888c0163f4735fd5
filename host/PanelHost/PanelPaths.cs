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
        Directory.CreateDirectory(data);
        return new PanelPaths(data, plugins);
    }

    public string DatabaseFile => Path.Combine(DataPath, "panel.db");

    public string KeysPath => Path.Combine(DataPath, "keys");
}
