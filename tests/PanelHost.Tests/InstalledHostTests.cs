using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PanelHost.Tests;

/// <summary>A <c>dotnet publish</c> of the host (with its bundled module), made once for the tests below.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PublishedHost : IDisposable
{
    public PublishedHost()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "PanelHost.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("PanelHost.sln not found above the test output.");
        }

        // Under /tmp with 0755 folders, so that an unprivileged user can run it as from an install folder.
        Folder = Directory.CreateTempSubdirectory("panel-published-").FullName;
        File.SetUnixFileMode(Folder, (UnixFileMode)0b111_101_101);
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var publish = Run("dotnet", ["publish", Path.Combine(root, "host", "PanelHost", "PanelHost.csproj"), "-c", configuration, "--no-restore", "-o", Folder, "-v", "q", "--nologo"], root);
        Assert.True(publish.ExitCode == 0, $"dotnet publish failed:\n{publish.Output}");
        Dll = Path.Combine(Folder, "PanelHost.dll");
    }

    public string Folder { get; }

    public string Dll { get; }

    /// <summary>Runs a command to its end (at most five minutes) and collects its output.</summary>
    internal static (int ExitCode, string Output) Run(string file, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not end within five minutes");
        }

        return (process.ExitCode, output.Result + error.Result);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

/// <summary>
/// The published panel as a service manager starts it: from <c>/</c>, as an unprivileged user, with only the listen
/// address and the data path set (issue 10). Fatal start-up errors end it with exit code 1 and one JSON line.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class InstalledHostTests(PublishedHost published) : IClassFixture<PublishedHost>
{
    [Fact]
    public async Task Published_panel_started_from_root_as_nobody_serves_login_on_ASPNETCORE_URLS()
    {
        using var data = new TempDataFolder("panel-installed-");
        Chown(data.Path, "nobody");
        var port = PanelProcess.FreePort();
        var info = AsNobody(published.Dll, new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Panel__DataPath"] = data.Path,
        });
        using var process = Process.Start(info)!;
        var output = Collect(process);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            HttpStatusCode? status = null;
            while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline && !process.HasExited)
            {
                try
                {
                    using var answer = await http.GetAsync(new Uri("/login", UriKind.Relative));
                    status = answer.StatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200);
                }
            }

            Assert.True(status == HttpStatusCode.OK, $"GET /login answered {status}. Output:\n{output}");
            Assert.True(File.Exists(Path.Combine(data.Path, "panel.db")) || Directory.Exists(Path.Combine(data.Path, "keys")), "the data went elsewhere");
            Assert.False(Directory.Exists("/data"), "the panel wrote /data");
            Assert.Contains("\"Loaded module", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Stop(process);
        }
    }

    [Fact]
    public async Task System_configuration_file_Kestrel_endpoints_and_two_plugin_folders_are_honoured_with_the_environment_on_top()
    {
        using var data = new TempDataFolder("panel-etc-");
        using var config = new TempDataFolder("panel-etc-config-");
        var port = PanelProcess.FreePort();
        var key = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var file = Path.Combine(config.Path, "appsettings.json");
        // What a provider writes to /etc/panelhost/appsettings.json; its DataPath is overridden by the environment.
        await File.WriteAllTextAsync(file, System.Text.Json.JsonSerializer.Serialize(new
        {
            Kestrel = new { Endpoints = new { Main = new { Url = $"http://127.0.0.1:{port}" } } },
            Panel = new
            {
                DataPath = "/nonexistent/from-the-config-file",
                PluginsPath = new[] { Path.Combine(published.Folder, "plugins"), PanelFactory.PluginsFolder("extra-plugins") },
                Bootstrap = new { ApiKey = key },
            },
        }));
        var info = new ProcessStartInfo("dotnet", [published.Dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        info.Environment["PANELHOST_CONFIG"] = file;
        info.Environment["Panel__DataPath"] = data.Path;
        info.Environment.Remove("ASPNETCORE_URLS");
        using var process = Process.Start(info)!;
        var output = Collect(process);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            HttpStatusCode? ready = null;
            while (ready != HttpStatusCode.OK && DateTime.UtcNow < deadline && !process.HasExited)
            {
                try
                {
                    using var answer = await http.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
                    ready = answer.StatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200);
                }
            }

            Assert.True(ready == HttpStatusCode.OK, $"/healthz/ready answered {ready}. Output:\n{output}");
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz/live", UriKind.Relative))).StatusCode);
            Assert.True(File.Exists(Path.Combine(data.Path, "panel.db")), "the environment's data path did not win over the file's");

            using var panelInfo = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/info", UriKind.Relative)));
            var version = panelInfo.RootElement.GetProperty("version").GetString();
            Assert.Matches(@"^\d+\.\d+\.\d+", version);
            var infoText = panelInfo.RootElement.GetRawText();
            Assert.Contains("\"hetzner\"", infoText, StringComparison.Ordinal);
            Assert.Contains("\"acme-extra\"", infoText, StringComparison.Ordinal);

            using var starts = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/modules/acme-extra/starts", UriKind.Relative)));
            Assert.Equal(1, starts.RootElement.GetProperty("starts").GetInt32());

            using var anonymous = new HttpClient { BaseAddress = http.BaseAddress };
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/api/info", UriKind.Relative))).StatusCode);
        }
        finally
        {
            Stop(process);
        }
    }

    [Fact]
    public void A_port_in_use_exits_with_code_1_and_one_line_naming_the_port()
    {
        using var data = new TempDataFolder("panel-port-");
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exitCode, output) = PublishedHost.Run("dotnet", [published.Dll], "/", new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Panel__DataPath"] = data.Path,
        });

        Assert.Equal(1, exitCode);
        var fatal = OneFatalLine(output);
        Assert.Contains($"127.0.0.1:{port}", fatal, StringComparison.Ordinal);
        Assert.Contains("in use", fatal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_folder_the_user_cannot_write_exits_with_code_1_and_one_line_naming_it()
    {
        // Owned by root, 0755: nobody can read it but not write it, nor make it private.
        using var data = new TempDataFolder("panel-unwritable-");
        File.SetUnixFileMode(data.Path, (UnixFileMode)0b111_101_101);
        var info = AsNobody(published.Dll, new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{PanelProcess.FreePort()}",
            ["Panel__DataPath"] = data.Path,
        });
        using var process = Process.Start(info)!;
        var output = Collect(process);
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the panel kept running");
        process.WaitForExit();

        Assert.Equal(1, process.ExitCode);
        Assert.Contains(data.Path, OneFatalLine(output.ToString()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_too_short_bootstrap_password_exits_with_code_1_naming_the_key_and_the_rule()
    {
        using var data = new TempDataFolder("panel-bootstrap-");
        var (exitCode, output) = PublishedHost.Run("dotnet", [published.Dll], "/", new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{PanelProcess.FreePort()}",
            ["Panel__DataPath"] = data.Path,
            ["Panel__Bootstrap__AdminUser"] = "admin",
            ["Panel__Bootstrap__AdminPassword"] = "short",
        });

        Assert.Equal(1, exitCode);
        var fatal = OneFatalLine(output);
        Assert.Contains("Panel:Bootstrap:AdminPassword", fatal, StringComparison.Ordinal);
        Assert.Contains("at least 10 characters", fatal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_HTTPS_port_exits_with_code_1_and_one_line_naming_the_key()
    {
        using var data = new TempDataFolder("panel-https-port-");
        var (exitCode, output) = PublishedHost.Run("dotnet", [published.Dll], "/", new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{PanelProcess.FreePort()}",
            ["Panel__DataPath"] = data.Path,
            ["Panel__Https__Port"] = "99999",
        });

        Assert.Equal(1, exitCode);
        Assert.Contains("Panel:Https:Port must be a port number from 1 to 65535", OneFatalLine(output), StringComparison.Ordinal);
    }

    [Fact]
    public void Version_option_prints_the_version_and_exits()
    {
        var (exitCode, output) = PublishedHost.Run("dotnet", [published.Dll, "--version"], "/");

        Assert.Equal(0, exitCode);
        Assert.Matches(@"^PanelHost \d+\.\d+\.\d+(\+[0-9a-f]+)?\s*$", output);
    }

    /// <summary>Exactly one Critical JSON line, and no stack trace anywhere (debug logging is off).</summary>
    private static string OneFatalLine(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var fatal = Assert.Single(lines, l => l.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal) || l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal));
        Assert.StartsWith("{", fatal, StringComparison.Ordinal);
        using var _ = System.Text.Json.JsonDocument.Parse(fatal);
        Assert.Contains("The panel does not start", fatal, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.StartsWith("at ", StringComparison.Ordinal) || l.Contains("Unhandled exception", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        return fatal;
    }

    private static ProcessStartInfo AsNobody(string dll, IReadOnlyDictionary<string, string> environment)
    {
        // runuser passes no environment of its own choosing through env(1): exactly these settings reach the panel.
        var info = new ProcessStartInfo("runuser", ["-u", "nobody", "--", "env", .. environment.Select(e => $"{e.Key}={e.Value}"), "dotnet", dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        return info;
    }

    private static System.Text.StringBuilder Collect(Process process)
    {
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return output;
    }

    private static void Chown(string path, string user)
    {
        var (exitCode, output) = PublishedHost.Run("chown", ["-R", user, path], "/");
        Assert.True(exitCode == 0, output);
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }
}
