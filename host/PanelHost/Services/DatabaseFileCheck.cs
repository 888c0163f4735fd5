using Microsoft.Data.Sqlite;

namespace PanelHost.Services;

/// <summary>
/// Names the database file behind a failure: SQLite's own errors ("file is not a database") never say which file, and
/// a module's initialisation error or the host's start-up error is what the admin reads first (ADR-0014).
/// </summary>
internal static class DatabaseFileCheck
{
    private static readonly string[] Patterns = ["*.db", "*.sqlite", "*.sqlite3"];

    /// <summary>What is wrong with the SQLite files in a folder (a module's data folder), or null when they all read.</summary>
    public static string? DescribeFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
        var problems = Patterns.SelectMany(p => Directory.EnumerateFiles(folder, p, options))
            .Order(StringComparer.Ordinal)
            .Select(Describe)
            .OfType<string>()
            .ToList();
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>"{file} is not a SQLite database" and the like, or null when the file reads as a sound database.</summary>
    public static string? Describe(string file)
    {
        try
        {
            var header = new byte[16];
            using (var stream = File.OpenRead(file))
            {
                if (stream.Length == 0)
                {
                    return null; // SQLite treats an empty file as an empty database.
                }

                if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length || !header.AsSpan().SequenceEqual("SQLite format 3\0"u8))
                {
                    return $"{file} is not a SQLite database";
                }
            }

            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check(1);";
            var result = command.ExecuteScalar() as string;
            return result == "ok" ? null : $"{file} is damaged ({result})";
        }
        catch (SqliteException ex)
        {
            return $"{file} cannot be read as a database ({ex.Message})";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"{file} cannot be read ({ex.Message})";
        }
    }
}
