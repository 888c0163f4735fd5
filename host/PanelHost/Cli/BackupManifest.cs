using System.Security.Cryptography;
using System.Text.Json;

namespace PanelHost.Cli;

/// <summary>
/// The first entry of a backup archive: which panel made it, when, and every file with its size and SHA-256, so a
/// restore can tell a damaged or foreign archive from a good one before the panel ever opens what it wrote.
/// </summary>
internal sealed record BackupManifest(int Format, string PanelVersion, DateTimeOffset CreatedAt, IReadOnlyList<BackupFile> Files)
{
    public const int CurrentFormat = 1;
    public const string EntryName = "manifest.json";

    /// <summary>The folder in the archive that holds the data folder's files, so the manifest never collides with one.</summary>
    public const string DataPrefix = "data/";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static BackupManifest Parse(Stream json) =>
        JsonSerializer.Deserialize<BackupManifest>(json, Json) ?? throw new JsonException("The manifest is empty.");
}

/// <param name="Path">Relative to the data folder, with '/' separators.</param>
/// <param name="Size">Bytes, checked on restore.</param>
/// <param name="Sha256">Lower-case hex, checked on restore.</param>
/// <param name="Database">Copied with SQLite's online backup rather than read as bytes.</param>
internal sealed record BackupFile(string Path, long Size, string Sha256, bool Database)
{
    public static string Hash(Stream content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
