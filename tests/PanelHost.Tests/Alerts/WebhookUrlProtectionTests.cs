using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Testing;
using Panel.Contracts;
using PanelHost.Data;

namespace PanelHost.Tests.Alerts;

/// <summary>A webhook URL often is the credential (Slack and Discord put the token in its path): it is stored
/// encrypted, shown and logged only as scheme and host, and a panel upgraded from a release that stored it in clear
/// encrypts it at start and leaves no clear copy in the database file.</summary>
public sealed class WebhookUrlProtectionTests
{
    private const string Secret = "whsec-0123456789abcdef";

    [Fact]
    public async Task The_url_is_stored_encrypted_shown_as_its_host_and_never_logged()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var logs = new FakeLoggerProvider();
        await using var alerts = await AlertHarness.StartAsync(logs: logs);
        await alerts.AddWebhookAsync(receiver.SecretUrl, Secret);
        receiver.AnswerNext(500);

        await alerts.Notifier.RaiseAsync(new AdminNotification("hetzner", NotificationSeverity.Critical, "Creating a snapshot failed", "Hetzner refused the token."));
        await alerts.Dispatcher.DeliverDueAsync(CancellationToken.None);
        alerts.Time.Advance(TimeSpan.FromMinutes(5));
        await alerts.Dispatcher.DeliverDueAsync(CancellationToken.None);

        // Delivered to the real URL twice (a failure, then the retry)...
        Assert.Equal(2, receiver.Received.Count);
        Assert.All(receiver.Received, hook => Assert.EndsWith(WebhookReceiver.SecretPath, hook.Path, StringComparison.Ordinal));
        // ...yet the path is in no log line, no view, no error and not in the database file.
        var host = new Uri(receiver.Url).GetLeftPart(UriPartial.Authority);
        var view = Assert.Single(await alerts.Channels.ListAsync(CancellationToken.None));
        Assert.Equal((host + "/…", host + "/…"), (view.WebhookUrlMask, view.Target));
        Assert.NotEmpty(logs.Collector.GetSnapshot());
        Assert.DoesNotContain(logs.Collector.GetSnapshot(), r => r.Message.Contains("/hook", StringComparison.Ordinal) || r.Exception?.ToString().Contains("/hook", StringComparison.Ordinal) == true);
        var stored = await alerts.QueryAsync(db => db.AlertChannels.SingleAsync());
        Assert.DoesNotContain("/hook", stored.ProtectedWebhookUrl!, StringComparison.Ordinal);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.DoesNotContain(WebhookReceiver.SecretPath, DatabaseText(alerts.Folder), StringComparison.Ordinal);

        // An edit that leaves the URL empty keeps it, as it does the secret.
        var (saved, errors) = await alerts.Channels.SaveAsync(
            new PanelHost.Alerts.AlertChannelInput { Id = view.Id, Name = "Renamed", Kind = "webhook" }, CancellationToken.None);
        Assert.Empty(errors);
        Assert.Equal(host + "/…", saved!.WebhookUrlMask);
        alerts.Time.Advance(TimeSpan.FromHours(1));
        await alerts.Channels.SendTestAsync(view.Id, CancellationToken.None);
        Assert.EndsWith(WebhookReceiver.SecretPath, receiver.Received[^1].Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_url_stored_in_clear_by_the_previous_release_is_encrypted_at_start_and_the_page_shows_only_its_host()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var folder = Directory.CreateTempSubdirectory("panel-webhook-upgrade-").FullName;
        try
        {
            await SeedPreviousReleaseAsync(Path.Combine(folder, "panel.db"), receiver.SecretUrl);
            Assert.Contains(WebhookReceiver.SecretPath, DatabaseText(folder), StringComparison.Ordinal);

            using (var factory = new PanelFactory(new PanelFactoryOptions { DataPath = folder }))
            {
                using var api = factory.CreateApiClient();
                using var channels = JsonDocument.Parse(await api.GetStringAsync(new Uri("/api/alerts/channels", UriKind.Relative)));
                var channel = Assert.Single(channels.RootElement.EnumerateArray().ToList());
                var host = new Uri(receiver.Url).GetLeftPart(UriPartial.Authority);
                Assert.Equal(host + "/…", channel.GetProperty("webhookUrlMask").GetString());
                Assert.DoesNotContain(WebhookReceiver.SecretPath, channels.RootElement.GetRawText(), StringComparison.Ordinal);

                // The previous release's signing secret was encrypted with keys this test does not have: a new one is
                // set, and the URL, left empty, is kept.
                using var edit = await api.PostAsJsonAsync(new Uri("/api/alerts/channels", UriKind.Relative),
                    new { id = channel.GetProperty("id").GetInt32(), name = "Ops hook", kind = "webhook", webhookSecret = Secret });
                edit.EnsureSuccessStatusCode();
                using var test = await api.PostAsync(new Uri($"/api/alerts/channels/{channel.GetProperty("id").GetInt32()}/test", UriKind.Relative), null);
                using (var outcome = JsonDocument.Parse(await test.Content.ReadAsStringAsync()))
                {
                    Assert.True(outcome.RootElement.GetProperty("delivered").GetBoolean());
                }

                Assert.EndsWith(WebhookReceiver.SecretPath, Assert.Single(receiver.Received).Path, StringComparison.Ordinal);
                var page = await PageText(factory, "/alerts");
                Assert.Contains(host + "/…", page, StringComparison.Ordinal);
                Assert.DoesNotContain(WebhookReceiver.SecretPath, page, StringComparison.Ordinal);
                Assert.DoesNotContain("/hook/services", page, StringComparison.Ordinal);
            }

            SqliteConnection.ClearAllPools();
            Assert.DoesNotContain(WebhookReceiver.SecretPath, DatabaseText(folder), StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>panel.db as the release before this change left it: migrated up to AlertChannels, with a webhook
    /// channel whose URL is in clear.</summary>
    private static async Task SeedPreviousReleaseAsync(string databaseFile, string url)
    {
        await using (var db = new PanelDbContext(new DbContextOptionsBuilder<PanelDbContext>().UseSqlite($"Data Source={databaseFile}").Options))
        {
            await db.GetService<IMigrator>().MigrateAsync("20261130224933_AlertChannels");
        }

        await using var connection = new SqliteConnection($"Data Source={databaseFile}");
        await connection.OpenAsync();
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO AlertChannels (Name, Kind, Enabled, SmtpSecurity, WebhookUrl, ProtectedWebhookSecret, SecretMask, CreatedAt)
            VALUES ('Ops hook', 1, 1, 0, $url, $secret, '••••••••cdef', 0)
            """;
        insert.Parameters.AddWithValue("$url", url);
        insert.Parameters.AddWithValue("$secret", "ciphertext-of-the-previous-keys");
        await insert.ExecuteNonQueryAsync();
    }

    private static async Task<string> PageText(PanelFactory factory, string path)
    {
        using var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await LoginHelper.LogInAsync(client);
        return System.Net.WebUtility.HtmlDecode(await client.GetStringAsync(new Uri(path, UriKind.Relative)));
    }

    /// <summary>Every byte of the database and its write-ahead log, as text.</summary>
    private static string DatabaseText(string folder) =>
        string.Concat(Directory.EnumerateFiles(folder, "panel.db*").Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f))));
}
