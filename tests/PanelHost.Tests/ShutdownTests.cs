using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace PanelHost.Tests;

/// <summary>The real host as a process of its own while it still prepares its data (another connection holds its
/// database): what it serves, what waits, and a stop that arrives then.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task A_stop_during_start_up_is_an_ordinary_shutdown()
    {
        var data = Directory.CreateTempSubdirectory("panel-stop-").FullName;
        try
        {
            // An installed panel: databases exist.
            using (var installed = new PanelFactory(new PanelFactoryOptions { DataPath = data }))
            {
                Assert.NotNull(installed.Services); // the factory starts the panel only when asked for something
            }

            Assert.True(File.Exists(Path.Combine(data, PanelHost.Services.SetupState.MarkerFileName)));
            SqliteConnection.ClearAllPools(); // the in-process panel's pooled connections would hold the database open

            // Another process holding the host's database keeps the panel in its preparation after it listens.
            await using var holder = new SqliteConnection($"Data Source={Path.Combine(data, "panel.db")};Pooling=False");
            await holder.OpenAsync();
            await using (var exclusive = holder.CreateCommand())
            {
                exclusive.CommandText = "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE;";
                await exclusive.ExecuteNonQueryAsync();
            }

            var port = FreePort();
            using var panel = Start(data, port);
            var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
            panel.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
            panel.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
            panel.BeginOutputReadLine();
            panel.BeginErrorReadLine();

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(2) };
            var starting = await PollHealthAsync(http, TimeSpan.FromSeconds(30));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, starting);

            using (var term = Process.Start("kill", ["-TERM", panel.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            await Task.Delay(500);
            await using (var release = holder.CreateCommand())
            {
                release.CommandText = "COMMIT;";
                await release.ExecuteNonQueryAsync();
            }

            await holder.CloseAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await panel.WaitForExitAsync(timeout.Token);
            var log = string.Join('\n', output);
            Assert.DoesNotContain("Unhandled exception", log, StringComparison.Ordinal);
            Assert.DoesNotContain("could not prepare its data", log, StringComparison.Ordinal);
            Assert.DoesNotContain("failed to initialize", log, StringComparison.Ordinal);
            Assert.Contains("stopped before its data was ready", log, StringComparison.Ordinal);
            Assert.Equal(0, panel.ExitCode);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [Fact]
    public async Task While_the_data_is_being_prepared_login_is_served_and_data_requests_wait_instead_of_failing()
    {
        var data = Directory.CreateTempSubdirectory("panel-early-").FullName;
        try
        {
            using (var installed = new PanelFactory(new PanelFactoryOptions { DataPath = data }))
            {
                Assert.NotNull(installed.Services); // the factory starts the panel only when asked for something
            }

            Assert.True(File.Exists(Path.Combine(data, PanelHost.Services.SetupState.MarkerFileName)));
            SqliteConnection.ClearAllPools(); // the in-process panel's pooled connections would hold the database open

            await using var holder = new SqliteConnection($"Data Source={Path.Combine(data, "panel.db")};Pooling=False");
            await holder.OpenAsync();
            await using (var exclusive = holder.CreateCommand())
            {
                exclusive.CommandText = "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE;";
                await exclusive.ExecuteNonQueryAsync();
            }

            var port = FreePort();
            using var panel = Start(data, port);
            var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
            panel.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
            panel.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
            panel.BeginOutputReadLine();
            panel.BeginErrorReadLine();
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
                Assert.Equal(HttpStatusCode.ServiceUnavailable, await PollHealthAsync(http, TimeSpan.FromSeconds(30)));

                using (var login = await http.GetAsync(new Uri("/login", UriKind.Relative)))
                {
                    Assert.True(login.StatusCode == HttpStatusCode.OK, string.Join('\n', output));
                    Assert.Contains("__RequestVerificationToken", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                }

                using var events = new HttpRequestMessage(HttpMethod.Get, "/api/events");
                events.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", PanelFactory.ApiKey);
                var waiting = http.SendAsync(events);
                await Task.Delay(1000);
                Assert.False(waiting.IsCompleted);

                await using (var release = holder.CreateCommand())
                {
                    release.CommandText = "COMMIT;";
                    await release.ExecuteNonQueryAsync();
                }

                await holder.CloseAsync();
                using var answer = await waiting;
                Assert.True(answer.StatusCode == HttpStatusCode.OK, string.Join('\n', output));
                using var healthy = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
            }
            finally
            {
                panel.Kill(entireProcessTree: true);
                await panel.WaitForExitAsync();
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static Process Start(string data, int port)
    {
        var info = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.Environment["Panel__DataPath"] = data;
        info.Environment["Panel__PluginsPath"] = PanelFactory.PluginsFolder();
        info.Environment["Modules__hetzner__MetadataBaseUrl"] = "http://127.0.0.1:9/hetzner/v1/metadata";
        info.Environment["Modules__hetzner__ApiBaseUrl"] = "http://127.0.0.1:9/v1";
        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
    }

    private static async Task<HttpStatusCode> PollHealthAsync(HttpClient http, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            try
            {
                using var answer = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                return answer.StatusCode;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
