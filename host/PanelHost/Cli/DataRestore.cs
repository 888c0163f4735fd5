using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace PanelHost.Cli;

/// <summary>
/// Puts a backup archive into an empty (or missing) data folder, owner-only, after checking every file against the
/// manifest; a damaged or foreign archive leaves the folder as empty as it was (ADR-0020).
/// </summary>
internal static class DataRestore
{
    /// <returns>The line the command prints.</returns>
    public static string Extract(string archive, string dataPath)
    {
        if (!File.Exists(archive))
        {
            throw new BackupException($"The archive {archive} does not exist.");
        }

        var existed = Directory.Exists(dataPath);
        if (existed && !IsEmpty(dataPath))
        {
            // Merging two panels' data (two key rings, two databases) would give neither; the admin decides what to keep.
            throw new BackupException(
                $"The data folder {dataPath} is not empty; restore only into an empty or new folder (stop the panel and move the old folder aside first). Nothing was changed.");
        }

        DataFolderPermissions.EnsurePrivateFolder(dataPath);
        try
        {
            var manifest = ExtractAll(archive, dataPath);
            DataFolderPermissions.SecureTree(dataPath);
            var databases = manifest.Files.Count(f => f.Database);
            return $"Restored {archive} (panel {manifest.PanelVersion}, made {manifest.CreatedAt:u}) into {dataPath}: {databases} database(s), {manifest.Files.Count - databases} other file(s). Start the panel with Panel:DataPath set to this folder.";
        }
        catch (Exception ex)
        {
            // Leave no half-restored folder the panel could start on.
            Empty(dataPath, removeFolder: !existed);
            if (ex is BackupException)
            {
                throw;
            }

            if (ex is InvalidDataException or EndOfStreamException or FormatException or System.Text.Json.JsonException)
            {
                throw new BackupException($"{archive} is not a readable PanelHost backup ({ex.Message}). Nothing was restored.", ex);
            }

            throw;
        }
    }

    private static BackupManifest ExtractAll(string archive, string dataPath)
    {
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var first = tar.GetNextEntry();
        if (first is not { EntryType: TarEntryType.RegularFile or TarEntryType.V7RegularFile, Name: BackupManifest.EntryName } || first.DataStream is null)
        {
            throw new BackupException($"{archive} is not a PanelHost backup: it does not begin with {BackupManifest.EntryName}. Nothing was restored.");
        }

        var manifest = BackupManifest.Parse(first.DataStream);
        if (manifest.Format != BackupManifest.CurrentFormat)
        {
            throw new BackupException($"{archive} has backup format {manifest.Format}; this panel reads format {BackupManifest.CurrentFormat}. Nothing was restored.");
        }

        var expected = manifest.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var written = new HashSet<string>(StringComparer.Ordinal);
        while (tar.GetNextEntry() is { } entry)
        {
            var relative = entry.Name.StartsWith(BackupManifest.DataPrefix, StringComparison.Ordinal) ? entry.Name[BackupManifest.DataPrefix.Length..] : null;
            if (relative is null || !expected.TryGetValue(relative, out var listed) || entry.DataStream is null
                || entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
            {
                throw new BackupException($"{archive} holds {entry.Name}, which its manifest does not list. Nothing was restored.");
            }

            var target = Path.GetFullPath(Path.Combine(dataPath, relative));
            if (!DataBackup.IsInside(target, dataPath) || DataBackup.IsSqliteSideFile(relative))
            {
                throw new BackupException($"{archive} holds {entry.Name}, which may not be restored. Nothing was restored.");
            }

            WriteChecked(entry.DataStream, target, dataPath, listed, archive);
            written.Add(relative);
        }

        if (expected.Keys.FirstOrDefault(k => !written.Contains(k)) is { } missing)
        {
            throw new BackupException($"{archive} is incomplete: {missing} is listed in its manifest but missing. Nothing was restored.");
        }

        return manifest;
    }

    private static void WriteChecked(Stream content, string target, string dataPath, BackupFile listed, string archive)
    {
        // Each folder on the way down owner-only, as the panel makes them.
        var folder = Path.GetDirectoryName(target)!;
        foreach (var part in Path.GetRelativePath(dataPath, folder).Split(Path.DirectorySeparatorChar).Where(p => p != "."))
        {
            dataPath = Path.Combine(dataPath, part);
            DataFolderPermissions.EnsurePrivateFolder(dataPath);
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = DataFolderPermissions.PrivateFileMode;
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        using (var output = new FileStream(target, options))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = content.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                output.Write(buffer, 0, read);
                size += read;
            }
        }

        if (size != listed.Size || Convert.ToHexStringLower(hash.GetHashAndReset()) != listed.Sha256)
        {
            throw new BackupException($"{archive} is damaged: {listed.Path} does not match its manifest (size or SHA-256). Nothing was restored.");
        }
    }

    // Empty, or holding only the empty folder for added modules that the package makes with the data folder.
    private static bool IsEmpty(string dataPath) =>
        new DirectoryInfo(dataPath).EnumerateFileSystemInfos().All(e =>
            e is DirectoryInfo { Name: "plugins" } plugins && !plugins.EnumerateFileSystemInfos().Any());

    private static void Empty(string dataPath, bool removeFolder)
    {
        if (!Directory.Exists(dataPath))
        {
            return;
        }

        if (removeFolder)
        {
            Directory.Delete(dataPath, recursive: true);
            return;
        }

        foreach (var entry in new DirectoryInfo(dataPath).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo folder)
            {
                folder.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }
    }
}
