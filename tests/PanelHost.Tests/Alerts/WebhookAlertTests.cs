using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Panel.Contracts;
using PanelHost.Alerts;

namespace PanelHost.Tests.Alerts;

/// <summary>Webhook alerts against a real HTTP receiver on loopback: the body, the signature, retries with backoff on
/// the fake clock, and the drop with an event after the limit.</summary>
public sealed class WebhookAlertTests
{
    private const string Secret = "whsec-0123456789abcdef";

    [Fact]
    public async Task A_critical_notification_is_posted_as_documented_and_signed_with_the_channel_secret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var alerts = await AlertHarness.StartAsync();
        await alerts.AddWebhookAsync(receiver.Url, Secret);

        await alerts.Notifier.RaiseAsync(new AdminNotification("hetzner", NotificationSeverity.Critical, "Creating a snapshot failed", "Hetzner refused the token."));
        await alerts.Notifier.RaiseAsync(new AdminNotification("hetzner", NotificationSeverity.Info, "Just so you know", "Info stays in the panel."));
        Assert.Equal(1, await alerts.QueryAsync(db => db.AlertDeliveries.CountAsync()));
        await alerts.Dispatcher.DeliverDueAsync(CancellationToken.None);

        var hook = Assert.Single(receiver.Received);
        using var json = JsonDocument.Parse(hook.Body);
        var root = json.RootElement;
        Assert.Equal("Critical", root.GetProperty("severity").GetString());
        Assert.Equal("hetzner", root.GetProperty("module").GetString());
        Assert.Equal("Creating a snapshot failed", root.GetProperty("title").GetString());
        Assert.Equal("Hetzner refused the token.", root.GetProperty("message").GetString());
        Assert.Equal(Environment.MachineName, root.GetProperty("panel").GetString());
        Assert.False(root.GetProperty("test").GetBoolean());
        Assert.Equal(AlertHarness.Start, root.GetProperty("at").GetDateTimeOffset());
        var text = root.GetProperty("text").GetString();
        Assert.Equal($"*[PanelHost {Environment.MachineName}] Critical: Creating a snapshot failed*\nHetzner refused the token.", text);
        Assert.Equal(text, root.GetProperty("content").GetString());
        Assert.StartsWith("application/json", hook.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal("alert", hook.Headers["X-PanelHost-Event"]);
        // Verified the way a receiver does: HMAC-SHA256 of the raw body with the shared secret.
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), hook.Body));
        Assert.Equal(expected, hook.Headers["X-PanelHost-Signature"]);
        Assert.Equal(0, await alerts.QueryAsync(db => db.AlertDeliveries.CountAsync()));
        var channel = await alerts.QueryAsync(db => db.AlertChannels.SingleAsync());
        Assert.Equal((AlertHarness.Start, (string?)null), (channel.LastSuccessAt!.Value, channel.LastError));
    }

    [Fact]
    public async Task The_secret_is_stored_encrypted_and_shown_only_as_a_mask()
    {
        await using var alerts = await AlertHarness.StartAsync();
        await alerts.AddWebhookAsync("https://hooks.example.test/x", Secret);

        var stored = await alerts.QueryAsync(db => db.AlertChannels.SingleAsync());
        Assert.DoesNotContain(Secret, stored.ProtectedWebhookSecret!, StringComparison.Ordinal);
        var view = Assert.Single(await alerts.Channels.ListAsync(CancellationToken.None));
        Assert.Equal("••••••••cdef", view.SecretMask);
        Assert.DoesNotContain(Secret, JsonSerializer.Serialize(view), StringComparison.Ordinal);

        // Editing without a secret keeps the stored one.
        var (saved, errors) = await alerts.Channels.SaveAsync(new AlertChannelInput { Id = view.Id, Name = "Renamed", Kind = "webhook", WebhookUrl = "https://hooks.example.test/y" }, CancellationToken.None);
        Assert.Empty(errors);
        Assert.Equal("••••••••cdef", saved!.SecretMask);
        Assert.Equal(stored.ProtectedWebhookSecret, (await alerts.QueryAsync(db => db.AlertChannels.SingleAsync())).ProtectedWebhookSecret);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_doubling_waits_until_the_receiver_answers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var alerts = await AlertHarness.StartAsync(new Dictionary<string, string?> { ["Panel:Alerts:FirstRetry"] = "00:00:30" });
        await alerts.AddWebhookAsync(receiver.Url, Secret);
        receiver.AnswerNext(500, 503);
        await alerts.Notifier.RaiseAsync(new AdminNotification("hetzner", NotificationSeverity.Critical, "Cleaning snapshots failed", "The list could not be read."));

        var next = await alerts.Dispatcher.DeliverDueAsync(CancellationToken.None);
        Assert.Equal(AlertHarness.Start.AddSeconds(30), next);
        var failing = Assert.Single(await alerts.Channels.ListAsync(CancellationToken.None));
        Assert.Equal($"Webhook {new Uri(receiver.Url).GetLeftPart(UriPartial.Authority)}/… answered 500 Internal Server Error: receiver is down", failing.LastError);
        Assert.Equal(1, failing.Queued);

        alerts.Time.Advance(TimeSpan.FromSeconds(29));
        await alerts.Dispatcher.DeliverDueAsync(CancellationToken.None);
        Assert.Single(receiver.Received);

        alerts.Time.Advance(TimeSpan.FromSeconds(1));
        next = await alerts.Dispatcher.DeliverDueAsync(CancellationToken.None);
        Assert.Equal(2, receiver.Received.Count);
        Assert.Equal(alerts.Time.GetUtcNow().AddSeconds(60), next);

        alerts.Time.Advance(TimeSpan.FromSeconds(60));
        Assert.Null(await alerts.Dispatcher.DeliverDueAsync(CancellationToken.None));
        Assert.Equal(3, receiver.Received.Count);
        // The same alert each time, byte for byte (receivers may de-duplicate on it).
        Assert.All(receiver.Received, r => Assert.Equal(receiver.Received[0].Body, r.Body));
        var recovered = Assert.Single(await alerts.Channels.ListAsync(CancellationToken.None));
        Assert.Equal((false, 0), (recovered.Failing, recovered.Queued));
    }

    [Fact]
    public async Task After_the_last_attempt_the_alert_is_dropped_with_an_event()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var alerts = await AlertHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Panel:Alerts:FirstRetry"] = "00:01:00",
            ["Panel:Alerts:MaxRetryDelay"] = "00:03:00",
            ["Panel:Alerts:MaxAttempts"] = "4",
        });
        await alerts.AddWebhookAsync(receiver.Url, Secret, name: "Down hook");
        receiver.AnswerNext(500, 500, 500, 500, 500);
        await alerts.Notifier.RaiseAsync(new AdminNotification("hetzner", NotificationSeverity.Critical, "The panel runs on another server", "Moved."));

        var waits = new List<TimeSpan>();
        var next = await alerts.Dispatcher.DeliverDueAsync(CancellationToken.None);
        while (next is { } at)
        {
            waits.Add(at - alerts.Time.GetUtcNow());
            alerts.Time.SetUtcNow(at);
            next = await alerts.Dispatcher.DeliverDueAsync(CancellationToken.None);
        }

        // 1 min, 2 min, then capped at 3 min; the fourth failure is the last.
        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(3)], waits);
        Assert.Equal(4, receiver.Received.Count);
        Assert.Equal(0, await alerts.QueryAsync(db => db.AlertDeliveries.CountAsync()));
        var dropped = await alerts.QueryAsync(db => db.AuditEntries.SingleAsync(e => e.Code == AlertDispatcher.DroppedCode));
        Assert.Equal("panel", dropped.Module);
        Assert.Contains("“The panel runs on another server”", dropped.Details, StringComparison.Ordinal);
        Assert.Contains("“Down hook” dropped after 4 attempts", dropped.Details, StringComparison.Ordinal);
        Assert.Contains("answered 500", dropped.Details, StringComparison.Ordinal);
        Assert.Equal(Services.EventLevel.Error, Services.EventLog.LevelOf(dropped.Code));
        Assert.True(Assert.Single(await alerts.Channels.ListAsync(CancellationToken.None)).Failing);
    }

    [Fact]
    public async Task A_switched_off_channel_gets_nothing_and_an_unreachable_one_shows_the_connection_error()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var alerts = await AlertHarness.StartAsync();
        var off = await alerts.AddWebhookAsync(receiver.Url, Secret, name: "Off");
        var (_, errors) = await alerts.Channels.SaveAsync(new AlertChannelInput { Id = off, Name = "Off", Kind = "webhook", WebhookUrl = receiver.Url, Enabled = false }, CancellationToken.None);
        Assert.Empty(errors);
        // Port 9 (discard) on loopback: nothing listens there on these machines.
        await alerts.AddWebhookAsync("http://127.0.0.1:9/hook", Secret, name: "Nowhere");

        await alerts.Notifier.RaiseAsync(new AdminNotification("hetzner", NotificationSeverity.Critical, "Creating a snapshot failed", "x"));
        await alerts.Dispatcher.DeliverDueAsync(CancellationToken.None);

        Assert.Empty(receiver.Received);
        var nowhere = (await alerts.Channels.ListAsync(CancellationToken.None)).Single(c => c.Name == "Nowhere");
        Assert.StartsWith("Webhook http://127.0.0.1:9/…: Connection refused", nowhere.LastError, StringComparison.Ordinal);
        Assert.Equal(1, nowhere.Queued);
    }
}
