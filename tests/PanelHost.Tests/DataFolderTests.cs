using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PanelHost.Tests;

/// <summary>
/// What the panel does with a data folder it did not leave that way: too open, a broken key file, a module database
/// gone or damaged, a damaged panel database. Each runs the real host as a process on a prepared folder (ADR-0014).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataFolderTests
{
    private const UnixFileMode Open = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode OpenFile = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    [Fact]
    public async Task Folders_and_files_readable_by_everyone_are_made_private_to_the_panel_user()
    {
        using var folder = new TempDataFolder("panel-modes-");
        var data = Path.Combine(folder.Path, "data");
        Directory.CreateDirectory(Path.Combine(data, "keys"));
        File.SetUnixFileMode(data, Open);
        File.SetUnixFileMode(Path.Combine(data, "keys"), Open);

        // New databases, key and marker in folders made 0755 beforehand.
        using (var first = PanelProcess.Start(data, bootstrap: true))
        {
            await first.ReadyHealthAsync();
            using var login = await first.Http.GetAsync(new Uri("/login", UriKind.Relative)); // makes the first key
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            AssertPrivate(data);
        }

        // The same folder restored from a backup that kept no modes: everything readable by everyone.
        foreach (var entry in new DirectoryInfo(data).EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Append(new DirectoryInfo(data)))
        {
            File.SetUnixFileMode(entry.FullName, entry is DirectoryInfo ? Open : OpenFile);
        }

        using var second = PanelProcess.Start(data, bootstrap: true);
        await second.ReadyHealthAsync();
        AssertPrivate(data);
    }

    [Fact]
    public async Task A_data_folder_that_cannot_be_made_private_stops_the_panel_with_one_clear_line()
    {
        using var folder = new TempDataFolder("panel-modes-");
        var keys = Path.Combine(folder.Path, "keys");
        Directory.CreateDirectory(keys);
        File.SetUnixFileMode(keys, Open);
        Run("chattr", "+i", keys); // immutable: not even root may change its mode
        try
        {
            using var panel = PanelProcess.Start(folder.Path, bootstrap: true);
            Assert.NotEqual(0, await panel.ExitCodeAsync());
            var critical = Assert.Single(panel.LogEntries, e => e.Level == "Critical");
            Assert.Contains(keys, critical.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", panel.Output, StringComparison.Ordinal);
        }
        finally
        {
            Run("chattr", "-i", keys);
        }
    }

    [Theory]
    [InlineData("garbage instead of a key")]
    [InlineData("")]
    public async Task An_unreadable_key_file_is_named_reported_unhealthy_and_the_login_page_still_renders(string content)
    {
        using var folder = new TempDataFolder("panel-keys-");
        await InstallAsync(folder.Path);
        var key = Assert.Single(Directory.GetFiles(Path.Combine(folder.Path, "keys"), "key-*.xml"));
        await File.WriteAllTextAsync(key, content);

        using var panel = PanelProcess.Start(folder.Path);
        var (status, body) = await panel.ReadyHealthAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body);

        using var login = await panel.Http.GetAsync(new Uri("/login", UriKind.Relative));
        var page = await login.Content.ReadAsStringAsync();
        Assert.True(login.StatusCode == HttpStatusCode.OK, panel.Output);
        Assert.Contains(key, page, StringComparison.Ordinal);
        Assert.Contains("Broken key file", page, StringComparison.Ordinal);

        // The error page renders without the key ring too.
        using var error = await panel.Http.GetAsync(new Uri("/error", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, error.StatusCode);

        Assert.Single(panel.LogEntries, e => e.Level == "Critical" && e.Message.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deleted_module_database_is_reported_until_an_admin_acknowledges_it()
    {
        using var folder = new TempDataFolder("panel-lost-");
        await InstallAsync(folder.Path);
        var moduleFolder = Path.Combine(folder.Path, "modules", "hetzner");
        foreach (var file in Directory.GetFiles(moduleFolder, "hetzner.db*"))
        {
            File.Delete(file);
        }

        using (var panel = PanelProcess.Start(folder.Path))
        {
            Assert.Equal((HttpStatusCode.OK, "Degraded"), await panel.ReadyHealthAsync());
            using var api = panel.ApiClient();
            var notifications = await api.GetFromJsonAsync<JsonElement>(new Uri("/api/notifications", UriKind.Relative));
            var critical = Assert.Single(notifications.EnumerateArray(), n => n.GetProperty("severity").GetString() == "Critical");
            Assert.Contains("hetzner.db", critical.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Single(await EventsAsync(api, "MODULE_DATA_LOST"));

            using var session = panel.SessionClient();
            await LoginHelper.LogInAsync(session);
            var modules = await session.GetStringAsync(new Uri("/modules", UriKind.Relative));
            Assert.Contains("hetzner.db", modules, StringComparison.Ordinal);

            // Without the antiforgery token nothing is acknowledged.
            using (var forged = await session.PostAsync(new Uri("/modules", UriKind.Relative), Form(("_handler", "acknowledge-data-loss"), ("AcknowledgeModule", "hetzner"))))
            {
                Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            }

            Assert.Equal((HttpStatusCode.OK, "Degraded"), await panel.ReadyHealthAsync());
            using var acknowledged = await session.PostAsync(
                new Uri("/modules", UriKind.Relative),
                Form(("_handler", "acknowledge-data-loss"), ("__RequestVerificationToken", LoginHelper.AntiforgeryToken(modules)), ("AcknowledgeModule", "hetzner")));
            Assert.Equal(HttpStatusCode.Redirect, acknowledged.StatusCode);
            Assert.Equal("/modules", new Uri(panel.BaseAddress, acknowledged.Headers.Location!).AbsolutePath);
            Assert.Equal((HttpStatusCode.OK, "Healthy"), await panel.ReadyHealthAsync());
            var acknowledgement = Assert.Single(await EventsAsync(api, "MODULE_DATA_LOSS_ACKNOWLEDGED"));
            Assert.Equal(PanelFactory.AdminUser, acknowledgement.GetProperty("user").GetString());
            Assert.DoesNotContain("hetzner.db", await session.GetStringAsync(new Uri("/modules", UriKind.Relative)), StringComparison.Ordinal);
        }

        // The module's new, empty database is what the next start expects: no second alarm.
        using var restarted = PanelProcess.Start(folder.Path);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await restarted.ReadyHealthAsync());
        using var again = restarted.ApiClient();
        Assert.Single(await EventsAsync(again, "MODULE_DATA_LOST"));
    }

    [Fact]
    public async Task A_damaged_module_database_is_named_in_the_module_failure()
    {
        using var folder = new TempDataFolder("panel-damaged-");
        await InstallAsync(folder.Path);
        var database = Path.Combine(folder.Path, "modules", "hetzner", "hetzner.db");
        Damage(database);

        using var panel = PanelProcess.Start(folder.Path);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await panel.ReadyHealthAsync());
        using var api = panel.ApiClient();
        var modules = await api.GetFromJsonAsync<JsonElement>(new Uri("/api/modules", UriKind.Relative));
        var failure = Assert.Single(modules.GetProperty("failed").EnumerateArray());
        Assert.Contains($"{database} is not a SQLite database", failure.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_panel_database_is_named_in_the_line_that_stops_the_panel()
    {
        using var folder = new TempDataFolder("panel-damaged-");
        await InstallAsync(folder.Path);
        var database = Path.Combine(folder.Path, "panel.db");
        Damage(database);

        using var panel = PanelProcess.Start(folder.Path);
        Assert.NotEqual(0, await panel.ExitCodeAsync());
        Assert.Contains(panel.LogEntries, e => e.Level == "Critical" && e.Message.Contains(database, StringComparison.Ordinal));
    }

    /// <summary>An installed panel (admin, key, the Hetzner module initialised) and its first Data Protection key.</summary>
    private static async Task InstallAsync(string data)
    {
        using (var installed = new PanelFactory(new PanelFactoryOptions { DataPath = data }))
        {
            using var client = installed.CreateClient();
            using var login = await client.GetAsync(new Uri("/login", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        SqliteConnection.ClearAllPools(); // the in-process panel's pooled connections would hold the databases open
    }

    private static void Damage(string database)
    {
        foreach (var journal in new[] { "-wal", "-shm" })
        {
            File.Delete(database + journal);
        }

        File.WriteAllText(database, "this is not a database, but it is long enough to have a header");
    }

    private static void AssertPrivate(string data)
    {
        Assert.True(File.Exists(Path.Combine(data, "panel.db")));
        Assert.True(File.Exists(Path.Combine(data, "modules", "hetzner", "hetzner.db")));
        Assert.True(File.Exists(Path.Combine(data, PanelHost.Services.SetupState.MarkerFileName)));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(data, "keys"), "key-*.xml"));
        var entries = new DirectoryInfo(data).EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Append(new DirectoryInfo(data)).ToList();
        var open = entries
            .Where(e => File.GetUnixFileMode(e.FullName) != (e is DirectoryInfo ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute : UnixFileMode.UserRead | UnixFileMode.UserWrite))
            .Select(e => $"{e.FullName} {File.GetUnixFileMode(e.FullName)}")
            .ToList();
        Assert.Empty(open);
    }

    private static async Task<List<JsonElement>> EventsAsync(HttpClient api, string code)
    {
        var events = await api.GetFromJsonAsync<JsonElement>(new Uri("/api/events?module=panel", UriKind.Relative));
        return [.. events.EnumerateArray().Where(e => e.GetProperty("code").GetString() == code)];
    }

    private static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    private static void Run(string command, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true }) ?? throw new InvalidOperationException($"{command} did not start");
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', arguments)}: {error}");
    }
}
