using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PanelHost.Auth;
using PanelHost.Auth.Accounts;
using PanelHost.Data;

namespace PanelHost.Tests;

/// <summary>The Account page through the real host: password change (ending other sessions) and automation keys.</summary>
public sealed partial class AccountPageTests
{
    private const string NewPassword = "another-long-password";
    /// <summary>Where the direct service calls come from (a documentation address).</summary>
    private const string Source = "192.0.2.10";


    [Fact]
    public async Task Changing_the_password_names_each_wrong_field_then_ends_the_other_sessions()
    {
        using var factory = new PanelFactory();
        using var login = new LoginHelper(factory);
        var mine = await login.LoggedInClientAsync();
        var other = await login.LoggedInClientAsync();

        var wrongCurrent = await PostPasswordAsync(mine, "not-my-password", NewPassword, NewPassword);
        Assert.Contains("The current password is not correct.", wrongCurrent, StringComparison.Ordinal);
        var tooShort = await PostPasswordAsync(mine, PanelFactory.AdminPassword, "short", "short");
        Assert.Contains("The new password must be at least 10 characters long.", tooShort, StringComparison.Ordinal);
        var differ = await PostPasswordAsync(mine, PanelFactory.AdminPassword, NewPassword, NewPassword + "x");
        Assert.Contains("The two new passwords differ.", differ, StringComparison.Ordinal);
        var same = await PostPasswordAsync(mine, PanelFactory.AdminPassword, PanelFactory.AdminPassword, PanelFactory.AdminPassword);
        Assert.Contains("The new password must differ from the current one.", same, StringComparison.Ordinal);
        var accounts = factory.Services.GetRequiredService<SignInService>();
        Assert.True((await accounts.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Source, default)).Succeeded);

        var changed = await PostPasswordAsync(mine, PanelFactory.AdminPassword, NewPassword, NewPassword);
        Assert.Contains("Password changed. Your other sessions have ended.", changed, StringComparison.Ordinal);

        using var stillIn = await mine.GetAsync(new Uri("/account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        using var endedSession = await other.GetAsync(new Uri("/events", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, endedSession.StatusCode);
        Assert.Contains("/login", endedSession.Headers.Location?.OriginalString, StringComparison.Ordinal);

        Assert.False((await accounts.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Source, default)).Succeeded);
        Assert.True((await accounts.SignInAsync(PanelFactory.AdminUser, NewPassword, Source, default)).Succeeded);
        var events = await mine.GetStringAsync(new Uri("/events", UriKind.Relative));
        Assert.Contains("ADMIN_PASSWORD_CHANGE", events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_current_passwords_count_towards_the_lock_out()
    {
        using var factory = new PanelFactory();
        using var login = new LoginHelper(factory);
        var client = await login.LoggedInClientAsync();
        for (var i = 0; i < LoginThrottle.PerSource.MaxFailures; i++)
        {
            await PostPasswordAsync(client, "not-my-password", NewPassword, NewPassword);
        }

        var locked = await PostPasswordAsync(client, PanelFactory.AdminPassword, NewPassword, NewPassword);
        Assert.Contains("Too many wrong passwords.", locked, StringComparison.Ordinal);
        // Locked from where the guesses came from only (ADR-0015).
        Assert.True((await factory.Services.GetRequiredService<SignInService>().SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Source, default)).Succeeded);
    }

    [Fact]
    public async Task A_created_key_is_shown_once_works_as_bearer_and_stops_working_when_revoked()
    {
        using var factory = new PanelFactory();
        using var login = new LoginHelper(factory);
        var client = await login.LoggedInClientAsync();

        var missingName = await PostFormAsync(client, "/account", "create-key", new() { ["KeyForm.Name"] = "  " });
        Assert.Contains("Name is required.", missingName, StringComparison.Ordinal);
        var badName = await PostFormAsync(client, "/account", "create-key", new() { ["KeyForm.Name"] = "<script>" });
        Assert.Contains("Name must be at most 100 characters", badName, StringComparison.Ordinal);

        var created = await PostFormAsync(client, "/account", "create-key", new() { ["KeyForm.Name"] = "backup-script" });
        var key = NewKey().Match(created).Groups[1].Value;
        Assert.Matches("^[0-9a-f]{64}$", key);
        var duplicate = await PostFormAsync(client, "/account", "create-key", new() { ["KeyForm.Name"] = "backup-script" });
        Assert.Contains("A key named 'backup-script' exists already.", duplicate, StringComparison.Ordinal);

        using var api = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using (var allowed = await api.GetAsync(new Uri("/api/modules", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        var page = await client.GetStringAsync(new Uri("/account", UriKind.Relative));
        Assert.Contains("backup-script", page, StringComparison.Ordinal);
        Assert.Contains(key[..4] + "…", page, StringComparison.Ordinal);
        Assert.DoesNotContain(key, page, StringComparison.Ordinal);

        var id = await WithDb(factory, db => db.ApiKeys.Where(k => k.Name == "backup-script").Select(k => k.Id).SingleAsync());
        var confirm = await client.GetStringAsync(new Uri($"/account?revoke={id}", UriKind.Relative));
        Assert.Contains("Revoke “backup-script”? Scripts using it stop working.", WebUtility.HtmlDecode(confirm), StringComparison.Ordinal);
        var revoked = await PostFormAsync(client, $"/account?revoke={id}", "revoke-key", new() { ["RevokeId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, confirm);
        Assert.Contains("Key “backup-script” revoked.", revoked, StringComparison.Ordinal);

        using (var refused = await api.GetAsync(new Uri("/api/modules", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        var events = await client.GetStringAsync(new Uri("/events", UriKind.Relative));
        Assert.Contains("API_KEY_ADD", events, StringComparison.Ordinal);
        Assert.Contains("API_KEY_DELETE", events, StringComparison.Ordinal);
        Assert.DoesNotContain(key, events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_bootstrap_key_is_not_brought_back_by_a_restart()
    {
        using var folder = new TempDataFolder("panel-keys-");
        var data = folder.Path;
        var options = new PanelFactoryOptions { DataPath = data };
        using (var first = new PanelFactory(options))
        {
            var keys = first.Services.GetRequiredService<ApiKeyService>();
            var bootstrap = Assert.Single(await keys.ListAsync(default));
            Assert.Equal("bootstrap", (await keys.RevokeAsync(bootstrap.Id, PanelFactory.AdminUser, default)).Value);
        }

        using var second = new PanelFactory(options);
        using var answer = await second.CreateApiClient().GetAsync(new Uri("/api/modules", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Empty(await second.Services.GetRequiredService<ApiKeyService>().ListAsync(default));
    }

    [Fact]
    public async Task Passwords_are_not_echoed_and_an_empty_current_password_is_not_a_guess()
    {
        using var factory = new PanelFactory();
        using var login = new LoginHelper(factory);
        var client = await login.LoggedInClientAsync();

        var wrong = await PostPasswordAsync(client, "my-secret-guess-1", "my-secret-new-1", "my-secret-new-1");
        Assert.DoesNotContain("my-secret-guess-1", wrong, StringComparison.Ordinal);
        Assert.DoesNotContain("my-secret-new-1", wrong, StringComparison.Ordinal);
        var mismatch = await PostPasswordAsync(client, PanelFactory.AdminPassword, "my-secret-new-2", "my-secret-new-3");
        Assert.DoesNotContain(PanelFactory.AdminPassword, mismatch, StringComparison.Ordinal);
        Assert.DoesNotContain("my-secret-new-2", mismatch, StringComparison.Ordinal);

        for (var i = 0; i < LoginThrottle.PerSource.MaxFailures + 1; i++)
        {
            var empty = await PostPasswordAsync(client, "", NewPassword, NewPassword);
            Assert.Contains("Current password is required.", empty, StringComparison.Ordinal);
        }

        Assert.True((await factory.Services.GetRequiredService<SignInService>().SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Source, default)).Succeeded);
    }

    [Fact]
    public async Task Concurrent_wrong_guesses_cannot_exceed_the_lock_out_and_the_lock_out_is_audited()
    {
        using var factory = new PanelFactory();
        var passwords = factory.Services.GetRequiredService<PasswordChangeService>();
        var accounts = factory.Services.GetRequiredService<SignInService>();
        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            Task.Run(() => passwords.ChangeAsync(PanelFactory.AdminUser, $"wrong-guess-{i}", NewPassword, Source, default))));

        var checkedAndWrong = answers.Count(a => a.Errors.TryGetValue("CurrentPassword", out var m) && m == "The current password is not correct.");
        Assert.Equal(LoginThrottle.PerSource.MaxFailures - 1, checkedAndWrong);
        Assert.True((await accounts.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Source, default)).IsLockedOut);
        var lockouts = await WithDb(factory, db => db.AuditEntries.CountAsync(e => e.Code == "ADMIN_LOCKOUT"));
        Assert.Equal(1, lockouts);
    }

    [Fact]
    public async Task A_login_racing_a_password_change_never_brings_the_old_stamp_back()
    {
        using var factory = new PanelFactory();
        var accounts = factory.Services.GetRequiredService<SignInService>();
        var changes = factory.Services.GetRequiredService<PasswordChangeService>();
        var stamps = factory.Services.GetRequiredService<SessionStamps>();
        string[] passwords = [PanelFactory.AdminPassword, NewPassword];
        for (var round = 0; round < 6; round++)
        {
            var (from, to) = (passwords[round % 2], passwords[(round + 1) % 2]);
            var loggingIn = Task.Run(() => accounts.SignInAsync(PanelFactory.AdminUser, from, Source, default));
            var changing = Task.Run(() => changes.ChangeAsync(PanelFactory.AdminUser, from, to, Source, default));
            await Task.WhenAll(loggingIn, changing);
            Assert.NotNull((await changing).Value);

            var current = SessionStamps.For(await WithDb(factory, db => db.Admins.Select(a => a.PasswordHash).SingleAsync()));
            Assert.Equal((await changing).Value, current);
            Assert.True(await stamps.IsCurrentAsync(PanelAuth.CookiePrincipal(PanelFactory.AdminUser, current!), default));
            if ((await loggingIn).Value?.Stamp is { } old && old != current)
            {
                Assert.False(await stamps.IsCurrentAsync(PanelAuth.CookiePrincipal(PanelFactory.AdminUser, old), default));
            }
        }
    }

    [Fact]
    public async Task An_automation_key_cannot_open_the_account_page()
    {
        using var factory = new PanelFactory();
        using var api = factory.CreateApiClient();
        using var page = await api.GetAsync(new Uri("/account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/login", page.Headers.Location?.OriginalString, StringComparison.Ordinal);
        using var stillApi = await api.GetAsync(new Uri("/api/modules", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, stillApi.StatusCode);
    }

    private static Task<string> PostPasswordAsync(HttpClient client, string current, string next, string confirm) =>
        PostFormAsync(client, "/account", "password", new()
        {
            ["PasswordForm.CurrentPassword"] = current,
            ["PasswordForm.NewPassword"] = next,
            ["PasswordForm.Confirm"] = confirm,
        });

    private static async Task<string> PostFormAsync(HttpClient client, string path, string handler, Dictionary<string, string> fields, string? page = null)
    {
        page ??= await client.GetStringAsync(new Uri(path, UriKind.Relative));
        fields["_handler"] = handler;
        fields["__RequestVerificationToken"] = LoginHelper.AntiforgeryToken(page);
        using var body = new FormUrlEncodedContent(fields);
        using var answer = await client.PostAsync(new Uri(path, UriKind.Relative), body);
        // Post/redirect/get: a form that succeeded redirects, and the page it redirects to says what happened.
        if (answer.StatusCode == HttpStatusCode.Redirect)
        {
            return WebUtility.HtmlDecode(await client.GetStringAsync(answer.Headers.Location));
        }

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync());
    }

    private static async Task<T> WithDb<T>(PanelFactory factory, Func<PanelDbContext, Task<T>> query)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PanelDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    [GeneratedRegex("data-testid=\"new-key-value\">([0-9a-f]+)<")]
    private static partial Regex NewKey();
}
