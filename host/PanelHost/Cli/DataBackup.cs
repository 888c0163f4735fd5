using System.Formats.Tar;
using System.IO.Compression;
using Microsoft.Data.Sqlite;

namespace PanelHost.Cli;

/// <summary>
/// Writes the whole data folder into one <c>.tar.gz</c>: each SQLite database through SQLite's online backup (a
/// consistent copy while the panel keeps writing), every other file (Data Protection keys, the TLS certificate, modules'
/// other files) as it is, and a manifest first (ADR-0020).
/// </summary>
internal static class DataBackup
{
    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();

    /// <returns>The line the command prints.</returns>
    public static string Write(string dataPath, string archive, string panelVersion, TimeProvider time)
    {
        if (!File.Exists(Path.Combine(dataPath, "panel.db")))
        {
            throw new BackupException(
                $"{dataPath} holds no panel.db, so it is not the panel's data folder. Set Panel:DataPath (appsettings, the environment variable Panel__DataPath or --Panel:DataPath=) to the folder the panel uses.");
        }

        if (IsInside(archive, dataPath))
        {
            throw new BackupException($"The archive {archive} is inside the data folder {dataPath}; write it elsewhere, or every later backup would hold the earlier ones.");
        }

        if (Path.GetDirectoryName(archive) is { } folder && !Directory.Exists(folder))
        {
            throw new BackupException($"The folder {folder} for the archive does not exist.");
        }

        // The copies are as secret as the data folder: a private folder, removed whatever happens.
        var staging = Directory.CreateTempSubdirectory("panelhost-backup-").FullName;
        try
        {
            DataFolderPermissions.EnsurePrivateFolder(staging);
            var files = Stage(dataPath, staging);
            var manifest = new BackupManifest(BackupManifest.CurrentFormat, panelVersion, time.GetUtcNow(), files);
            WriteArchive(archive, staging, manifest);
            var databases = files.Count(f => f.Database);
            return $"Backup of {dataPath} written to {archive}: {databases} database(s), {files.Count - databases} other file(s), {new FileInfo(archive).Length} bytes.";
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private static List<BackupFile> Stage(string dataPath, string staging)
    {
        // Symbolic links are not the panel's data (DataFolderPermissions does not follow them either).
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = false };
        var files = new List<BackupFile>();
        foreach (var source in Directory.EnumerateFiles(dataPath, "*", options).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(dataPath, source).Replace(Path.DirectorySeparatorChar, '/');
            if (IsSqliteSideFile(relative))
            {
                // The online backup already carries what the write-ahead log holds.
                continue;
            }

            var target = Path.Combine(staging, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            bool database;
            try
            {
                database = IsSqliteDatabase(source);
                if (database)
                {
                    BackupDatabase(source, target);
                }
                else
                {
                    File.Copy(source, target);
                }
            }
            catch (FileNotFoundException)
            {
                // Removed between listing and copying (a setup code used up, a temporary file renamed): not part of the data.
                continue;
            }

            using var copy = File.OpenRead(target);
            files.Add(new BackupFile(relative, copy.Length, BackupFile.Hash(copy), database));
        }

        return files;
    }

    private static void BackupDatabase(string source, string target)
    {
        // ReadWrite rather than ReadOnly: a read-only connection cannot open a WAL database whose -shm is missing.
        // No pooling, so that nothing stays open after the command, and the copy's WAL is folded in when it closes.
        using var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30 }.ToString());
        using var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
        from.Open();
        to.Open();
        try
        {
            from.BackupDatabase(to);
        }
        catch (SqliteException ex)
        {
            throw new BackupException($"SQLite could not back up {source}: {ex.Message}", ex);
        }
    }

    private static void WriteArchive(string archive, string staging, BackupManifest manifest)
    {
        // Written beside the target and renamed over it, so a failed run never leaves a half archive under the real name,
        // and owner-only from the first byte: it holds the keys that decrypt the saved secrets.
        var partial = archive + ".partial";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = DataFolderPermissions.PrivateFileMode;
        }

        try
        {
            using (var stream = new FileStream(partial, options))
            using (var gzip = new GZipStream(stream, CompressionLevel.Optimal))
            using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false))
            {
                var manifestEntry = new PaxTarEntry(TarEntryType.RegularFile, BackupManifest.EntryName)
                {
                    DataStream = new MemoryStream(manifest.ToJson()),
                    Mode = DataFolderPermissions.PrivateFileMode,
                    ModificationTime = manifest.CreatedAt,
                };
                tar.WriteEntry(manifestEntry);
                foreach (var listed in manifest.Files)
                {
                    using var content = File.OpenRead(Path.Combine(staging, listed.Path));
                    tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, BackupManifest.DataPrefix + listed.Path)
                    {
                        DataStream = content,
                        Mode = DataFolderPermissions.PrivateFileMode,
                        ModificationTime = manifest.CreatedAt,
                    });
                }
            }

            DataFolderPermissions.SecureFile(partial);
            File.Move(partial, archive, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    internal static bool IsSqliteSideFile(string relative) =>
        relative.EndsWith("-wal", StringComparison.Ordinal) || relative.EndsWith("-shm", StringComparison.Ordinal) || relative.EndsWith("-journal", StringComparison.Ordinal);

    private static bool IsSqliteDatabase(string path)
    {
        // By content, not by name: a module may name its database as it likes, and a ".db" that is not SQLite is copied as is.
        Span<byte> header = stackalloc byte[16];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length && header.SequenceEqual(SqliteHeader);
    }

    internal static bool IsInside(string path, string folder)
    {
        var relative = Path.GetRelativePath(folder, path);
        return relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }
}
