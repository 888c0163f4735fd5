namespace PanelHost;

/// <summary>Files only the panel's user may read (setup code, TLS key): created with mode 600 from the first byte,
/// written beside the target and renamed over it, so a reader never sees half a file.</summary>
internal static class PrivateFile
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = OwnerReadWrite | UnixFileMode.UserExecute;

    public static void WriteAllText(string path, string contents)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(contents);
        }

        // A leftover temporary file from a crash keeps its old mode; Create does not reset it.
        Restrict(temporary);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Narrows a file that already exists (one written by hand, or by an older version) to mode 600.</summary>
    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerReadWrite);
        }
    }

    /// <summary>Creates the folder with mode 700, or narrows it to 700 if it exists.</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, OwnerOnlyFolder);
        File.SetUnixFileMode(path, OwnerOnlyFolder);
    }
}
