using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Panel.Contracts;

namespace PanelHost.Tests;

/// <summary>What a module raises reaches the admin: the bell in the top bar, the Notifications page, the API, the Events page.</summary>
public sealed class NotificationTests
{
    [Fact]
    public async Task A_module_notification_lights_the_bell_until_it_is_marked_read()
    {
        using var factory = new PanelFactory();
        using var login = new LoginHelper(factory);
        var client = await login.LoggedInClientAsync();
        var notifier = factory.Services.GetRequiredService<IAdminNotifier>();
        var audit = factory.Services.GetRequiredService<IAuditLog>();

        Assert.DoesNotContain("class=\"bell-count\"", await client.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);

        await notifier.RaiseAsync(new AdminNotification("hetzner", NotificationSeverity.Critical, "Automatic snapshot failed", "Hetzner did not accept the API token."));
        await audit.WriteAsync(new AuditEvent("hetzner", "HETZNER_SNAPSHOT_CREATE_FAILED", "Automatic snapshot failed: unauthorized"));

        var home = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("<span class=\"bell-count\">1</span>", home, StringComparison.Ordinal);
        var page = await client.GetStringAsync(new Uri("/notifications", UriKind.Relative));
        Assert.Contains("Automatic snapshot failed", page, StringComparison.Ordinal);
        Assert.Contains("badge-danger", page, StringComparison.Ordinal);
        var events = await client.GetStringAsync(new Uri("/events?module=hetzner", UriKind.Relative));
        Assert.Contains("HETZNER_SNAPSHOT_CREATE_FAILED", events, StringComparison.Ordinal);
        Assert.Contains("system", events, StringComparison.Ordinal);

        var api = factory.CreateApiClient();
        var unread = await api.GetFromJsonAsync<JsonElement>(new Uri("/api/notifications?unreadOnly=true", UriKind.Relative));
        Assert.Equal(1, unread.GetArrayLength());
        using var marked = await api.PostAsync(new Uri("/api/notifications/read", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);

        Assert.DoesNotContain("class=\"bell-count\"", await client.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
        var all = await api.GetFromJsonAsync<JsonElement>(new Uri("/api/notifications", UriKind.Relative));
        Assert.Equal(1, all.GetArrayLength());
        Assert.NotEqual(JsonValueKind.Null, all[0].GetProperty("readAt").ValueKind);
    }
}
