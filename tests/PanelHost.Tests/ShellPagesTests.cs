using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Panel.Contracts;
using PanelHost.Auth;
using PanelHost.Plugins;

namespace PanelHost.Tests;

/// <summary>The host's pages over real HTTP: post/redirect/get, stale actions, notifications, the Events filters and
/// paging, the Dashboard's tiles and cards, and a module built against contract 1.0.</summary>
public sealed class ShellPagesTests
{
    [Fact]
    public async Task Revoking_a_key_twice_answers_the_second_time_in_words_not_with_a_blank_400()
    {
        using var factory = new PanelFactory();
        using var login = new LoginHelper(factory);
        var client = await login.LoggedInClientAsync();
        var keys = factory.Services.GetRequiredService<PanelHost.Auth.Accounts.ApiKeyService>();
        await keys.CreateAsync("nightly-backup", PanelFactory.AdminUser, CancellationToken.None);
        var id = (await keys.ListAsync(CancellationToken.None)).Single(k => k.Name == "nightly-backup").Id;

        // Two tabs show the confirmation; the admin confirms in both.
        var first = await PageAsync(client, new Uri($"/account?revoke={id}", UriKind.Relative));
        var second = await PageAsync(client, new Uri($"/account?revoke={id}", UriKind.Relative));

        using var revoked = await PostRevokeAsync(client, first, id);
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.EndsWith("/account#api-keys", revoked.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Contains("Key “nightly-backup” revoked.", await PageAsync(client, new Uri("/account", UriKind.Relative)), StringComparison.Ordinal);

        using var stale = await PostRevokeAsync(client, second, id);
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        var after = await PageAsync(client, new Uri("/account", UriKind.Relative));
        Assert.Contains("That key was already revoked", after, StringComparison.Ordinal);
        // Read once: a reload shows the page without the message.
        Assert.DoesNotContain("already revoked", await PageAsync(client, new Uri("/account", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_key_is_shown_once_after_the_redirect_with_a_copy_button()
    {
        using var factory = new PanelFactory();
        using var login = new LoginHelper(factory);
        var client = await login.LoggedInClientAsync();
        var page = await PageAsync(client, new Uri("/account", UriKind.Relative));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "create-key",
            ["__RequestVerificationToken"] = LoginHelper.AntiforgeryToken(page),
            ["KeyForm.Name"] = "deploy",
        });

        using var created = await client.PostAsync(new Uri("/account", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.DoesNotMatch("[0-9a-f]{64}", created.Headers.Location!.OriginalString);
        var shown = await PageAsync(client, created.Headers.Location);
        var key = System.Text.RegularExpressions.Regex.Match(shown, "data-testid=\"new-key-value\">([0-9a-f]{64})<").Groups[1].Value;
        Assert.Equal(64, key.Length);
        Assert.Contains("data-copy=\"#new-key-value\"", shown, StringComparison.Ordinal);
        using var api = factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(new Uri("/api/info", UriKind.Relative))).StatusCode);

        Assert.DoesNotContain(key, await PageAsync(client, new Uri("/account", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_notification_links_to_its_page_and_is_marked_read_on_its_own()
    {
        using var factory = new PanelFactory();
        using var login = new LoginHelper(factory);
        var client = await login.LoggedInClientAsync();
        var notifier = factory.Services.GetRequiredService<IAdminNotifier>();
        await notifier.RaiseAsync(new AdminNotification("hetzner", NotificationSeverity.Critical, "Creating a snapshot failed", "Hetzner refused."));
        await notifier.RaiseAsync(new AdminNotification("panel", NotificationSeverity.Critical, "Hetzner Cloud lost its data", "hetzner.db is missing."));
        using var api = factory.CreateApiClient();
        var rows = await api.GetFromJsonAsync<JsonElement>(new Uri("/api/notifications", UriKind.Relative));
        var byTitle = rows.EnumerateArray().ToDictionary(n => n.GetProperty("title").GetString()!);
        Assert.Equal("/m/hetzner/settings", byTitle["Creating a snapshot failed"].GetProperty("link").GetString());
        Assert.Equal("/modules", byTitle["Hetzner Cloud lost its data"].GetProperty("link").GetString());

        var page = await PageAsync(client, new Uri("/notifications", UriKind.Relative));
        Assert.Contains("href=\"/m/hetzner/settings\" data-testid=\"notification-link\">Creating a snapshot failed</a>", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/modules\" data-testid=\"notification-link\">Hetzner Cloud lost its data</a>", page, StringComparison.Ordinal);

        var hetznerId = byTitle["Creating a snapshot failed"].GetProperty("id").GetInt64();
        using (var marked = await PostMarkReadAsync(client, page, hetznerId))
        {
            Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        }

        var unread = await api.GetFromJsonAsync<JsonElement>(new Uri("/api/notifications?unreadOnly=true", UriKind.Relative));
        Assert.Equal(["Hetzner Cloud lost its data"], unread.EnumerateArray().Select(n => n.GetProperty("title").GetString()));

        // A stale button (the notification is gone) gets a sentence, not an error page.
        using (var stale = await PostMarkReadAsync(client, page, 999_999))
        {
            Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        }

        Assert.Contains("That notification no longer exists", await PageAsync(client, new Uri("/notifications", UriKind.Relative)), StringComparison.Ordinal);

        // The API marks one as well.
        var panelId = byTitle["Hetzner Cloud lost its data"].GetProperty("id").GetInt64();
        using var one = await api.PostAsync(new Uri($"/api/notifications/{panelId}/read", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NoContent, one.StatusCode);
        using var missing = await api.PostAsync(new Uri("/api/notifications/999999/read", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(0, (await api.GetFromJsonAsync<JsonElement>(new Uri("/api/notifications?unreadOnly=true", UriKind.Relative))).GetArrayLength());
    }

    [Fact]
    public async Task Events_page_through_everything_filtered_by_module_level_admin_date_and_search_the_same_as_the_API()
    {
        using var factory = new PanelFactory();
        using var login = new LoginHelper(factory);
        var client = await login.LoggedInClientAsync();
        var audit = factory.Services.GetRequiredService<IAuditLog>();
        for (var i = 0; i < 120; i++)
        {
            await audit.WriteAsync(new AuditEvent("hetzner", "HETZNER_SNAPSHOT_CREATE", $"Snapshot web-{i:000} created."));
        }

        await audit.WriteAsync(new AuditEvent("hetzner", "HETZNER_SNAPSHOT_CREATE_FAILED", "Automatic snapshot \"web-night\" failed: unauthorized"));
        await audit.WriteAsync(new AuditEvent("panel", "ADMIN_LOCKOUT", "Too many failed logins for admin."));

        // Paging: 50 a page by default, every event reachable.
        var first = await PageAsync(client, new Uri("/events?module=hetzner", UriKind.Relative));
        Assert.Contains("Events 1–50 of 121", first, StringComparison.Ordinal);
        Assert.Contains("href=\"/events?module=hetzner&page=2\"", first, StringComparison.Ordinal);
        var last = await PageAsync(client, new Uri("/events?module=hetzner&page=3", UriKind.Relative));
        Assert.Contains("Events 101–121 of 121", last, StringComparison.Ordinal);
        Assert.Contains("Snapshot web-000 created.", last, StringComparison.Ordinal);

        // Level, search (case-insensitive), admin and date.
        var errors = await PageAsync(client, new Uri("/events?level=Error", UriKind.Relative));
        Assert.Contains("Events 1–1 of 1", errors, StringComparison.Ordinal);
        Assert.Contains("HETZNER_SNAPSHOT_CREATE_FAILED", errors, StringComparison.Ordinal);
        var warnings = await PageAsync(client, new Uri("/events?level=Warning", UriKind.Relative));
        Assert.Contains("ADMIN_LOCKOUT", warnings, StringComparison.Ordinal);
        Assert.DoesNotContain("HETZNER_SNAPSHOT_CREATE_FAILED", warnings, StringComparison.Ordinal);
        var searched = await PageAsync(client, new Uri("/events?q=WEB-07", UriKind.Relative));
        Assert.Contains("Events 1–10 of 10", searched, StringComparison.Ordinal);
        Assert.Contains("No event matches these filters.", await PageAsync(client, new Uri("/events?q=100%25", UriKind.Relative)), StringComparison.Ordinal);
        var system = await PageAsync(client, new Uri("/events?user=system&module=panel", UriKind.Relative));
        Assert.Contains("ADMIN_LOCKOUT", system, StringComparison.Ordinal);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("of 1", await PageAsync(client, new Uri($"/events?from={today}&to={today}&level=Error", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains("No event matches these filters.", await PageAsync(client, new Uri($"/events?from={tomorrow}", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains("is not a date", await PageAsync(client, new Uri("/events?from=yesterday", UriKind.Relative)), StringComparison.Ordinal);

        // Days are the admin's: the error written a moment ago falls on today in UTC+14 and on a day at least one
        // earlier in UTC-11, so the same date finds it in one zone and not in the other.
        var kiritimati = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Kiritimati");
        var farEastDay = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, kiritimati).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var inKiritimati = await PageAsync(client, new Uri($"/events?from={farEastDay}&to={farEastDay}&level=Error&tz=Pacific/Kiritimati", UriKind.Relative));
        Assert.Contains("Events 1–1 of 1", inKiritimati, StringComparison.Ordinal);
        Assert.Contains("Days in Pacific/Kiritimati", inKiritimati, StringComparison.Ordinal);
        Assert.Contains("No event matches these filters.", await PageAsync(client, new Uri($"/events?from={farEastDay}&to={farEastDay}&level=Error&tz=Pacific/Pago_Pago", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains("Time zone “Mars/Olympus” is not known here", await PageAsync(client, new Uri("/events?tz=Mars/Olympus", UriKind.Relative)), StringComparison.Ordinal);

        // The API reads the same way (one read path).
        using var api = factory.CreateApiClient();
        using var answer = await api.GetAsync(new Uri("/api/events?module=hetzner&take=50&page=3", UriKind.Relative));
        Assert.Equal("121", answer.Headers.GetValues("X-Total-Count").Single());
        var rows = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(21, rows.GetArrayLength());
        var failed = await api.GetFromJsonAsync<JsonElement>(new Uri("/api/events?level=Error&q=unauthorized", UriKind.Relative));
        Assert.Equal("Error", failed.EnumerateArray().Single().GetProperty("level").GetString());
        var zoned = await api.GetFromJsonAsync<JsonElement>(new Uri($"/api/events?level=Error&from={farEastDay}&to={farEastDay}&tz=Pacific/Kiritimati", UriKind.Relative));
        Assert.Equal(1, zoned.GetArrayLength());
        using var unknownZone = await api.GetAsync(new Uri("/api/events?tz=Mars/Olympus", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, unknownZone.StatusCode);
        Assert.Contains("\"tz\"", await unknownZone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_tiles_link_to_their_pages_and_modules_contribute_cards()
    {
        using var factory = new PanelFactory();
        using var login = new LoginHelper(factory);
        var client = await login.LoggedInClientAsync();

        var home = await PageAsync(client, new Uri("/", UriKind.Relative));

        Assert.Contains("href=\"/modules\" data-testid=\"tile-modules\"", home, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"tile-failed\"", home, StringComparison.Ordinal);
        Assert.Contains("href=\"/notifications\" data-testid=\"tile-notifications\"", home, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"dashboard-card\" data-state=\"Warning\"", home, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/m/hetzner/snapshots\">Hetzner snapshots</a>", home, StringComparison.Ordinal);
        Assert.Contains("No API token is saved", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_module_built_against_contract_1_0_keeps_loading_beside_one_with_a_card()
    {
        var plugins = string.Join(";", PanelFactory.PluginsFolder(), PanelFactory.PluginsFolder("past-plugins"));
        using var factory = new PanelFactory(new PanelFactoryOptions { PluginsPath = plugins });
        var catalog = factory.Services.GetRequiredService<ModuleCatalog>();
        var past = catalog.Find("past");

        Assert.NotNull(past);
        Assert.Empty(catalog.Failures);
        var built = past.Assembly.GetReferencedAssemblies().Single(a => a.Name == "Panel.Contracts").Version!;
        Assert.Equal(new Version(1, 0, 0, 0), built);
        Assert.Equal(1, ModuleCatalog.HostContractVersion.Major);
        Assert.True(ModuleCatalog.HostContractVersion.Minor >= 1);

        using var login = new LoginHelper(factory);
        var client = await login.LoggedInClientAsync();
        Assert.Contains("built against contract 1.0", await PageAsync(client, new Uri("/m/past/main", UriKind.Relative)), StringComparison.Ordinal);
        var home = await PageAsync(client, new Uri("/", UriKind.Relative));
        Assert.Contains("Hetzner snapshots", home, StringComparison.Ordinal);
        Assert.Contains("href=\"/m/past/main\"", home, StringComparison.Ordinal);
        using var api = factory.CreateApiClient();
        Assert.Equal("built against contract 1.0", await api.GetStringAsync(new Uri("/api/modules/past/hello", UriKind.Relative)));
    }

    /// <summary>The page as text (Razor encodes characters such as “–” as entities).</summary>
    private static async Task<string> PageAsync(HttpClient client, Uri uri) => WebUtility.HtmlDecode(await client.GetStringAsync(uri));

    private static async Task<HttpResponseMessage> PostRevokeAsync(HttpClient client, string page, int id)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "revoke-key",
            ["__RequestVerificationToken"] = LoginHelper.AntiforgeryToken(page),
            ["RevokeId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        return await client.PostAsync(new Uri($"/account?revoke={id}", UriKind.Relative), form);
    }

    private static async Task<HttpResponseMessage> PostMarkReadAsync(HttpClient client, string page, long id)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "mark-read",
            ["__RequestVerificationToken"] = LoginHelper.AntiforgeryToken(page),
            ["ReadId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        return await client.PostAsync(new Uri("/notifications", UriKind.Relative), form);
    }
}
