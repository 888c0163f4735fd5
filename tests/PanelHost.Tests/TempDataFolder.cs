using Microsoft.Data.Sqlite;

namespace PanelHost.Tests;

/// <summary>A data folder that outlives one panel, for tests that restart a panel on it; deleted at the end.</summary>
public sealed class TempDataFolder : IDisposable
{
    public TempDataFolder(string prefix) => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    public void Dispose()
    {
        // Pooled connections of an in-process panel would keep its database files open.
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold a file for a moment after shutdown; a temp folder left behind is harmless.
        }
    }
}
