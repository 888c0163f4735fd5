using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Panel.Contracts;

namespace PanelHost.Tests.Alerts;

/// <summary>The channels' JSON API on the real host, and a Critical notification travelling from a module's
/// IAdminNotifier through the queue and the background worker to a webhook.</summary>
public sealed class AlertApiTests
{
    private const string Secret = "api-secret-0123456789";

    [Fact]
    public async Task Channels_are_added_listed_tested_and_deleted_through_the_api_without_showing_secrets()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var factory = new PanelFactory();
        var api = factory.CreateApiClient();

        using var bad = await api.PostAsJsonAsync(new Uri("/api/alerts/channels", UriKind.Relative), new { name = "", kind = "webhook", webhookUrl = "nope" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Name is required.", problem.GetProperty("errors").GetProperty("name")[0].GetString());
        Assert.Equal("Webhook URL must be an absolute http:// or https:// address.", problem.GetProperty("errors").GetProperty("webhookUrl")[0].GetString());
        Assert.Equal(0, (await api.GetFromJsonAsync<JsonElement>(new Uri("/api/alerts/channels", UriKind.Relative))).GetArrayLength());

        using var created = await api.PostAsJsonAsync(new Uri("/api/alerts/channels", UriKind.Relative), new { name = "Hook", kind = "webhook", webhookUrl = receiver.Url, webhookSecret = Secret });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var listed = await api.GetStringAsync(new Uri("/api/alerts/channels", UriKind.Relative));
        Assert.DoesNotContain(Secret, listed, StringComparison.Ordinal);
        var channel = JsonDocument.Parse(listed).RootElement[0];
        Assert.Equal(("Hook", "webhook", "••••••••6789"), (channel.GetProperty("name").GetString(), channel.GetProperty("kind").GetString(), channel.GetProperty("secretMask").GetString()));

        using var tested = await api.PostAsync(new Uri($"/api/alerts/channels/{id}/test", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, tested.StatusCode);
        Assert.True((await tested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("delivered").GetBoolean());
        Assert.Equal("test", Assert.Single(receiver.Received).Headers["X-PanelHost-Event"]);

        using var moved = await api.PostAsJsonAsync(new Uri("/api/alerts/channels", UriKind.Relative), new { id, name = "Hook", kind = "webhook", webhookUrl = "http://127.0.0.1:9/hook" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        using var failed = await api.PostAsync(new Uri($"/api/alerts/channels/{id}/test", UriKind.Relative), null);
        var failure = await failed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(failure.GetProperty("delivered").GetBoolean());
        Assert.StartsWith("Webhook http://127.0.0.1:9/…: Connection refused", failure.GetProperty("error").GetString(), StringComparison.Ordinal);

        using var deleted = await api.DeleteAsync(new Uri($"/api/alerts/channels/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var again = await api.DeleteAsync(new Uri($"/api/alerts/channels/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        using var testGone = await api.PostAsync(new Uri($"/api/alerts/channels/{id}/test", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, testGone.StatusCode);
    }

    [Fact]
    public async Task The_api_documents_the_four_operations()
    {
        using var factory = new PanelFactory();
        var api = factory.CreateApiClient();

        var document = await api.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        foreach (var operation in new[] { "GetAlertChannels", "SaveAlertChannel", "DeleteAlertChannel", "SendTestAlert" })
        {
            Assert.Contains($"\"operationId\":\"{operation}\"", document.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_modules_critical_notification_reaches_the_webhook_through_the_background_worker()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var factory = new PanelFactory();
        var api = factory.CreateApiClient();
        using var created = await api.PostAsJsonAsync(new Uri("/api/alerts/channels", UriKind.Relative), new { name = "Hook", kind = "webhook", webhookUrl = receiver.Url, webhookSecret = Secret });
        created.EnsureSuccessStatusCode();

        await factory.Services.GetRequiredService<IAdminNotifier>().RaiseAsync(
            new AdminNotification("hetzner", NotificationSeverity.Critical, "Automatic snapshot failed", "Quota exceeded."));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (receiver.Received.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var hook = Assert.Single(receiver.Received);
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), hook.Body)), hook.Headers["X-PanelHost-Signature"]);
        Assert.Equal("Automatic snapshot failed", JsonDocument.Parse(hook.Body).RootElement.GetProperty("title").GetString());
    }
}
