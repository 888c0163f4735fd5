using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panel.Contracts;
using PanelHost.Data;
using PanelHost.Services;

namespace PanelHost.Tests;

/// <summary>What a module raises reaches the admin: the bell in the top bar, the Notifications page, the API, the Events page.</summary>
public sealed partial class NotificationTests
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

    [Fact]
    public async Task The_page_the_bell_the_dashboard_and_the_API_read_the_same_list_with_the_same_page_size()
    {
        using var factory = new PanelFactory();
        using var login = new LoginHelper(factory);
        var client = await login.LoggedInClientAsync();
        var total = NotificationQuery.DefaultPageSize + 5;
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<PanelDbContext>>().CreateDbContextAsync())
        {
            db.Notifications.AddRange(Enumerable.Range(1, total).Select(i => new Notification
            {
                At = DateTimeOffset.UnixEpoch.AddMinutes(i),
                Module = "hetzner",
                Severity = NotificationSeverity.Info,
                Title = $"Notice {i}",
                Message = "Something to look at.",
            }));
            await db.SaveChangesAsync();
        }

        var api = factory.CreateApiClient();
        foreach (var page in new[] { 1, 2 })
        {
            using var answer = await api.GetAsync(new Uri($"/api/notifications?page={page}", UriKind.Relative));
            Assert.Equal(total.ToString(CultureInfo.InvariantCulture), Assert.Single(answer.Headers.GetValues("X-Total-Count")));
            var apiIds = (await answer.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(n => n.GetProperty("id").GetInt64()).ToList();
            var html = await client.GetStringAsync(new Uri($"/notifications?page={page}", UriKind.Relative));
            var pageIds = RowId().Matches(html).Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();

            Assert.Equal(page == 1 ? NotificationQuery.DefaultPageSize : 5, apiIds.Count);
            Assert.Equal(apiIds, pageIds);
            Assert.Equal(apiIds.OrderDescending(), apiIds);
            Assert.Contains($"of {total}", html, StringComparison.Ordinal);
        }

        using var unread = await api.GetAsync(new Uri("/api/notifications?unreadOnly=true&take=1", UriKind.Relative));
        Assert.Equal(total.ToString(CultureInfo.InvariantCulture), Assert.Single(unread.Headers.GetValues("X-Total-Count")));
        var home = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains($"<span class=\"bell-count\">{total}</span>", home, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"tile-notifications\"><span class=\"stat-value\">{total}</span>", home, StringComparison.Ordinal);
    }

    [GeneratedRegex("data-notification-id=\"(\\d+)\"")]
    private static partial Regex RowId();
}
