namespace PanelHost;

/// <summary>
/// The data folder holds password hashes, Data Protection keys and modules' secrets, so only the panel's user may read
/// it: folders 0700, files 0600 (ADR-0014). A folder or file that already exists keeps the mode it was made with, so
/// the panel tightens what it finds at start as well as creating new things owner-only. On Windows the folder's ACLs
/// are left to the installer.
/// </summary>
internal static class DataFolderPermissions
{
    public const UnixFileMode PrivateFolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the folder owner-only, or tightens it if it exists.</summary>
    /// <exception cref="DataFolderException">The mode cannot be set (another owner, a read-only or immutable folder).</exception>
    public static void EnsurePrivateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        if (!Directory.Exists(path))
        {
            try
            {
                Directory.CreateDirectory(path, PrivateFolderMode);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw Refused(path, ex);
            }
        }

        Tighten(path, PrivateFolderMode);
    }

    /// <summary>Writes a file that only the panel's user can read (setup code, TLS key, markers), replacing what was
    /// there: created with mode 0600 from the first byte, written beside the target and renamed over it, so a reader
    /// never sees half a file.</summary>
    public static void WriteOwnerOnly(string path, string contents)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFileMode;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(contents);
        }

        // UnixCreateMode applies to a new file only; a leftover temporary file from a crash keeps its old mode.
        SecureFile(temporary);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Tightens an existing file to 0600 (a missing one is fine).</summary>
    /// <exception cref="DataFolderException">The mode cannot be set.</exception>
    public static void SecureFile(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            Tighten(path, PrivateFileMode);
        }
    }

    /// <summary>
    /// Tightens a folder and everything below it: folders 0700, files 0600. Symbolic links are neither followed nor
    /// changed: what they point to is not the panel's.
    /// </summary>
    /// <exception cref="DataFolderException">A mode cannot be set.</exception>
    public static void SecureTree(string root)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(root))
        {
            return;
        }

        Tighten(root, PrivateFolderMode);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = false };
        try
        {
            foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", options))
            {
                Tighten(entry.FullName, entry is DirectoryInfo ? PrivateFolderMode : PrivateFileMode);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Refused(root, ex);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Tighten(string path, UnixFileMode mode)
    {
        try
        {
            if (File.GetUnixFileMode(path) != mode)
            {
                File.SetUnixFileMode(path, mode);
            }
        }
        catch (FileNotFoundException)
        {
            // Gone between listing and tightening (SQLite removes its -wal and -shm files on close): nothing to protect.
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Refused(path, ex);
        }
    }

    private static DataFolderException Refused(string path, Exception ex) => new(
        $"Cannot make {path} readable by the panel's user only ({ex.Message}). Give the panel's user ownership of its data folder (chown -R) or fix the folder, then start again.",
        ex);
}

/// <summary>The data folder cannot be made private; the panel refuses to start with this message.</summary>
internal sealed class DataFolderException(string message, Exception inner) : Exception(message, inner);
