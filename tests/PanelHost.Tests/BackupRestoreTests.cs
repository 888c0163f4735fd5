extern alias simulator;

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PanelHost.Cli;
using SeedImage = simulator::Hetzner.Simulator.SeedImage;
using SimulatorDefaults = simulator::Hetzner.Simulator.SimulatorDefaults;
using SimulatorHost = simulator::Hetzner.Simulator.SimulatorHost;

namespace PanelHost.Tests;

/// <summary>
/// <c>PanelHost backup</c> and <c>restore</c> as an admin runs them: real processes of the host, a running panel with
/// an admin, a Hetzner token, a schedule and mirrored snapshots, and a panel started on the restored copy elsewhere.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BackupRestoreTests
{
    private static readonly UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private static readonly UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task A_backup_of_a_running_panel_restored_elsewhere_keeps_the_admin_the_token_the_schedule_and_the_snapshots()
    {
        await using var hetzner = await SimulatorHost.StartAsync();
        hetzner.State.ActionDuration = TimeSpan.FromMilliseconds(200);
        foreach (var i in Enumerable.Range(1, 3))
        {
            hetzner.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, $"manual-{i}", DateTimeOffset.UtcNow.AddHours(-i)));
        }

        using var original = new TempDataFolder("panel-backed-up-");
        using var elsewhere = new TempDataFolder("panel-restore-target-");
        var archive = Path.Combine(elsewhere.Path, "nightly.tar.gz");
        var restored = Path.Combine(elsewhere.Path, "srv", "panel-data");
        var simulatorUrls = new Dictionary<string, string>
        {
            ["Modules__hetzner__ApiBaseUrl"] = hetzner.ApiBaseUrl,
            ["Modules__hetzner__MetadataBaseUrl"] = hetzner.MetadataBaseUrl,
        };
        string tokenMask;
        JsonElement schedule;
        JsonElement snapshots;
        using (var panel = PanelProcess.Start(original.Path, bootstrap: true, simulatorUrls))
        {
            await panel.WaitUntilHealthyAsync();
            using var api = panel.ApiClient();
            await PutAsync(api, "api/modules/hetzner/settings/token", new { token = SimulatorDefaults.ReadWriteToken });
            // Switched on with no run yet, the schedule runs at once; its snapshot lands in the mirror before the backup.
            await PutAsync(api, "api/modules/hetzner/settings/schedule", new { enabled = true, frequencyHours = 24, retentionDays = 14, keepNewest = 5 });
            var settings = await panel.WaitForAsync(() => GetJsonAsync(api, "api/modules/hetzner/settings"), s =>
                s.GetProperty("lastAutomaticRun") is { ValueKind: JsonValueKind.Object } run
                && run.GetProperty("status").GetString() == "Succeeded"
                && run.GetProperty("pruneStatus").GetString() is null or "Done");
            tokenMask = settings.GetProperty("token").GetProperty("mask").GetString()!;
            schedule = settings.GetProperty("schedule").Clone();
            snapshots = (await panel.WaitForAsync(() => GetJsonAsync(api, "api/modules/hetzner/snapshots"), l => l.GetProperty("snapshots").GetArrayLength() == 4))
                .GetProperty("snapshots").Clone();

            // While the panel runs, configured through the environment as a cron job or timer would be.
            var backup = await RunVerbAsync(["backup", archive], new Dictionary<string, string> { ["Panel__DataPath"] = original.Path });
            Assert.True(backup.ExitCode == 0, backup.ToString());
            Assert.Equal(string.Empty, backup.Error);
            Assert.Contains(archive, Assert.Single(Lines(backup.Output)), StringComparison.Ordinal);
            Assert.Equal(FileMode, File.GetUnixFileMode(archive));
            Assert.True(panel.Process is { HasExited: false }, "The backup stopped the panel.");
        }

        // The target named on the command line, as another machine's admin would; a folder that does not exist yet.
        var restore = await RunVerbAsync(["restore", archive, $"--Panel:DataPath={restored}"]);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Contains(restored, Assert.Single(Lines(restore.Output)), StringComparison.Ordinal);
        Assert.Equal(FolderMode, File.GetUnixFileMode(restored));
        Assert.All(Directory.EnumerateFiles(restored, "*", SearchOption.AllDirectories), f => Assert.Equal(FileMode, File.GetUnixFileMode(f)));
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(restored, "keys"), "key-*.xml"));

        // No bootstrap values: the admin and the automation key must come from the restored database.
        hetzner.State.ClearRequests();
        using var moved = PanelProcess.Start(restored, environment: simulatorUrls);
        await moved.WaitUntilHealthyAsync();
        using (var browser = moved.SessionClient())
        {
            using var login = await LoginHelper.PostLoginAsync(browser, PanelFactory.AdminUser, PanelFactory.AdminPassword);
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            Assert.DoesNotContain("setup", login.Headers.Location?.ToString() ?? "", StringComparison.OrdinalIgnoreCase);
        }

        using var movedApi = moved.ApiClient();
        var after = await GetJsonAsync(movedApi, "api/modules/hetzner/settings");
        Assert.Equal(tokenMask, after.GetProperty("token").GetProperty("mask").GetString());
        Assert.Equal(schedule.GetRawText(), after.GetProperty("schedule").GetRawText());
        var list = await GetJsonAsync(movedApi, "api/modules/hetzner/snapshots");
        Assert.Equal(snapshots.GetRawText(), list.GetProperty("snapshots").GetRawText());

        // Reading from Hetzner needs the token decrypted with the restored keys.
        using (var refresh = await movedApi.PostAsync(new Uri("api/modules/hetzner/snapshots/refresh", UriKind.Relative), null))
        {
            Assert.True(refresh.StatusCode == HttpStatusCode.OK, await refresh.Content.ReadAsStringAsync());
            var refreshed = await refresh.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(JsonValueKind.Null, refreshed.GetProperty("lastError").ValueKind);
        }

        Assert.Contains(hetzner.State.Requests, r => r.PathAndQuery.StartsWith("/v1/images", StringComparison.Ordinal));
        Assert.DoesNotContain(SimulatorDefaults.ReadWriteToken, moved.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_into_a_folder_that_is_not_empty_is_refused_and_changes_nothing()
    {
        using var folder = new TempDataFolder("panel-restore-busy-");
        var archive = WriteArchive(folder.Path);
        var target = Path.Combine(folder.Path, "data");
        Directory.CreateDirectory(target);
        await File.WriteAllTextAsync(Path.Combine(target, "panel.db"), "the running panel's data");

        var result = await RunVerbAsync(["restore", archive], new Dictionary<string, string> { ["Panel__DataPath"] = target });

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        var line = Assert.Single(Lines(result.Error));
        Assert.Contains($"{target} is not empty", line, StringComparison.Ordinal);
        Assert.Equal(["panel.db"], Directory.EnumerateFileSystemEntries(target).Select(Path.GetFileName));
        Assert.Equal("the running panel's data", await File.ReadAllTextAsync(Path.Combine(target, "panel.db")));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("altered")]
    [InlineData("not an archive")]
    public async Task A_damaged_archive_is_refused_with_one_line_and_leaves_no_data_folder(string damage)
    {
        using var folder = new TempDataFolder("panel-restore-damaged-");
        var archive = WriteArchive(folder.Path);
        var bytes = await File.ReadAllBytesAsync(archive);
        bytes = damage switch
        {
            "truncated" => bytes[..(bytes.Length / 2)],
            "altered" => AlterStoredByte(archive),
            _ => "<html>a login page saved instead of the backup</html>"u8.ToArray(),
        };
        await File.WriteAllBytesAsync(archive, bytes);
        var target = Path.Combine(folder.Path, "restored");

        var result = await RunVerbAsync(["restore", archive, $"--Panel:DataPath={target}"]);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(Lines(result.Error));
        Assert.StartsWith("panelhost restore failed: ", line, StringComparison.Ordinal);
        Assert.Contains(archive, line, StringComparison.Ordinal);
        Assert.Contains("Nothing was restored", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target), "A damaged archive left a data folder behind.");
    }

    [Fact]
    public async Task Backup_of_a_folder_that_is_not_a_panel_data_folder_is_refused()
    {
        using var folder = new TempDataFolder("panel-backup-wrong-");
        var archive = Path.Combine(folder.Path, "b.tar.gz");

        var result = await RunVerbAsync(["backup", archive], new Dictionary<string, string> { ["Panel__DataPath"] = Path.Combine(folder.Path, "nothing") });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("holds no panel.db", Assert.Single(Lines(result.Error)), StringComparison.Ordinal);
        Assert.False(File.Exists(archive));
    }

    /// <summary>A real archive of a small data folder (a database with a row, a key file), made in-process.</summary>
    private static string WriteArchive(string folder)
    {
        var data = Path.Combine(folder, "source");
        Directory.CreateDirectory(Path.Combine(data, "keys"));
        File.WriteAllText(Path.Combine(data, "keys", "key-1.xml"), "<key>" + new string('k', 4000) + "</key>");
        using (var db = new SqliteConnection($"Data Source={Path.Combine(data, "panel.db")};Pooling=False"))
        {
            db.Open();
            using var command = db.CreateCommand();
            command.CommandText = "CREATE TABLE t (v TEXT); INSERT INTO t VALUES (randomblob(20000));";
            command.ExecuteNonQuery();
        }

        var archive = Path.Combine(folder, "backup.tar.gz");
        DataBackup.Write(data, archive, "test", TimeProvider.System);
        return archive;
    }

    /// <summary>The archive with one byte of the key file changed and compressed again: gzip is intact, the content is not.</summary>
    private static byte[] AlterStoredByte(string archive)
    {
        using var input = new System.IO.Compression.GZipStream(File.OpenRead(archive), System.IO.Compression.CompressionMode.Decompress);
        using var tar = new MemoryStream();
        input.CopyTo(tar);
        var raw = tar.ToArray();
        var at = raw.AsSpan().IndexOf("kkkk"u8);
        raw[at] = (byte)'K';
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(raw);
        }

        return output.ToArray();
    }

    private sealed record VerbResult(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Output}\nstderr: {Error}";
    }

    /// <summary><c>dotnet PanelHost.dll &lt;verb&gt; ...</c> from the test output, as cron or a shell would run it.</summary>
    private static async Task<VerbResult> RunVerbAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return new VerbResult(process.ExitCode, (await output).Trim(), (await error).Trim());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static async Task PutAsync(HttpClient client, string path, object body)
    {
        using var answer = await client.PutAsJsonAsync(new Uri(path, UriKind.Relative), body);
        Assert.True(answer.IsSuccessStatusCode, $"{path}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path) =>
        await client.GetFromJsonAsync<JsonElement>(new Uri(path, UriKind.Relative));
}
