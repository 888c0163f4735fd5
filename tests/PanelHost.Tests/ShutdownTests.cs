using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;

namespace PanelHost.Tests;

/// <summary>The real host as a process of its own while it still prepares its data (another connection holds its
/// database): what it serves, what waits, and a stop that arrives then.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task A_stop_during_start_up_is_an_ordinary_shutdown()
    {
        using var folder = new TempDataFolder("panel-stop-");
        await using var holder = await InstallAndHoldDatabaseAsync(folder.Path);
        using var panel = RunningPanel.Start(folder.Path);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await panel.PollHealthAsync());

        using (var term = Process.Start("kill", ["-TERM", panel.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        await Task.Delay(500);
        await ReleaseAsync(holder);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await panel.Process.WaitForExitAsync(timeout.Token);
        var log = panel.Output;
        Assert.DoesNotContain("Unhandled exception", log, StringComparison.Ordinal);
        Assert.DoesNotContain("could not prepare its data", log, StringComparison.Ordinal);
        Assert.DoesNotContain("failed to initialize", log, StringComparison.Ordinal);
        Assert.Contains("stopped before its data was ready", log, StringComparison.Ordinal);
        Assert.Equal(0, panel.Process.ExitCode);
    }

    [Fact]
    public async Task While_the_data_is_being_prepared_login_is_served_and_data_requests_wait_instead_of_failing()
    {
        using var folder = new TempDataFolder("panel-early-");
        await using var holder = await InstallAndHoldDatabaseAsync(folder.Path);
        using var panel = RunningPanel.Start(folder.Path);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await panel.PollHealthAsync());

        using (var login = await panel.Http.GetAsync(new Uri("/login", UriKind.Relative)))
        {
            Assert.True(login.StatusCode == HttpStatusCode.OK, panel.Output);
            Assert.Contains("__RequestVerificationToken", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var events = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        events.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", PanelFactory.ApiKey);
        var waiting = panel.Http.SendAsync(events);
        await Task.Delay(1000);
        Assert.False(waiting.IsCompleted);

        await ReleaseAsync(holder);
        using var answer = await waiting;
        Assert.True(answer.StatusCode == HttpStatusCode.OK, panel.Output);
        using var healthy = await panel.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }

    /// <summary>An installed panel (databases, marker, bootstrap key), whose host database another connection then
    /// holds exclusively, so that a panel started on it stays in its preparation after it listens.</summary>
    private static async Task<SqliteConnection> InstallAndHoldDatabaseAsync(string data)
    {
        using (var installed = new PanelFactory(new PanelFactoryOptions { DataPath = data }))
        {
            Assert.NotNull(installed.Services); // the factory starts the panel only when asked for something
        }

        Assert.True(File.Exists(Path.Combine(data, PanelHost.Services.SetupState.MarkerFileName)));
        SqliteConnection.ClearAllPools(); // the in-process panel's pooled connections would hold the database open

        var holder = new SqliteConnection($"Data Source={Path.Combine(data, "panel.db")};Pooling=False");
        await holder.OpenAsync();
        await using var exclusive = holder.CreateCommand();
        exclusive.CommandText = "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE;";
        await exclusive.ExecuteNonQueryAsync();
        return holder;
    }

    private static async Task ReleaseAsync(SqliteConnection holder)
    {
        await using (var release = holder.CreateCommand())
        {
            release.CommandText = "COMMIT;";
            await release.ExecuteNonQueryAsync();
        }

        await holder.CloseAsync();
    }
}
