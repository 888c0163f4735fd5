using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PanelHost.Auth;
using PanelHost.Auth.Accounts;
using PanelHost.Data;

namespace PanelHost.Tests;

public sealed class AccountTests
{
    /// <summary>Where the direct service calls come from (a documentation address).</summary>
    private const string Source = "192.0.2.10";

    [Fact]
    public async Task Without_an_admin_every_page_leads_to_setup_and_setup_works_once()
    {
        using var factory = new PanelFactory(new PanelFactoryOptions { Bootstrap = false });
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        using var home = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/setup", home.Headers.Location?.OriginalString);

        using var loginFirst = await client.GetAsync(new Uri("/login", UriKind.Relative));
        Assert.Equal("/setup", loginFirst.Headers.Location?.OriginalString);

        var form = await client.GetStringAsync(new Uri("/setup", UriKind.Relative));
        var stylesheet = System.Text.RegularExpressions.Regex.Match(form, "href=\"(css/panel[^\"]+)\"").Groups[1].Value;
        using var css = await client.GetAsync(new Uri("/" + stylesheet, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);

        var code = await FirstRun.SetupCodeAsync(factory.DataPath);
        using var tooShort = await FirstRun.PostSetupAsync(client, form, code, "admin", "short");
        Assert.Contains("Password must be at least 10 characters long.", await tooShort.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var created = await FirstRun.PostSetupAsync(client, form, code, "admin", "a-long-enough-password");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);

        using var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var setupAgain = await anonymous.GetStringAsync(new Uri("/setup", UriKind.Relative));
        Assert.Contains("already set up", setupAgain, StringComparison.Ordinal);
        Assert.DoesNotContain("__RequestVerificationToken", setupAgain, StringComparison.Ordinal);
        var refused = await factory.Services.GetRequiredService<AdminSetupService>().CreateFirstAdminAsync("intruder", "another-long-password", default);
        Assert.NotEmpty(refused.Errors);
        Assert.Null(refused.Value);
        var admins = await WithDb(factory, db => db.Admins.Select(a => a.UserName).ToListAsync());
        Assert.Equal(["admin"], admins);
    }

    [Fact]
    public async Task Passwords_are_hashed_and_repeated_failures_lock_the_account()
    {
        using var factory = new PanelFactory();
        var accounts = factory.Services.GetRequiredService<SignInService>();

        var stored = await WithDb(factory, db => db.Admins.SingleAsync());
        Assert.DoesNotContain(PanelFactory.AdminPassword, stored.PasswordHash, StringComparison.Ordinal);
        Assert.True((await accounts.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Source, default)).Succeeded);

        for (var i = 0; i < LoginThrottle.PerSource.MaxFailures - 1; i++)
        {
            Assert.False((await accounts.SignInAsync(PanelFactory.AdminUser, "wrong-password", Source, default)).IsLockedOut);
        }

        Assert.True((await accounts.SignInAsync(PanelFactory.AdminUser, "wrong-password", Source, default)).IsLockedOut);
        var lockedEvenWithTheRightPassword = await accounts.SignInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, Source, default);
        Assert.False(lockedEvenWithTheRightPassword.Succeeded);
        Assert.True(lockedEvenWithTheRightPassword.IsLockedOut);
    }

    [Fact]
    public async Task Bootstrap_is_idempotent_and_stores_only_a_hash_of_the_key()
    {
        using var factory = new PanelFactory();
        var accounts = factory.Services.GetRequiredService<AdminSetupService>();
        var log = factory.Services.GetRequiredService<ILoggerFactory>().CreateLogger("test");

        await accounts.BootstrapAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, PanelFactory.ApiKey, log, default);
        await accounts.BootstrapAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword, PanelFactory.ApiKey, log, default);

        var (admins, keys) = await WithDb(factory, async db => (await db.Admins.CountAsync(), await db.ApiKeys.ToListAsync()));
        Assert.Equal(1, admins);
        var key = Assert.Single(keys);
        Assert.NotEqual(PanelFactory.ApiKey, key.KeyHash);
        Assert.Equal(ApiKeyService.HashKey(PanelFactory.ApiKey), key.KeyHash);
    }

    [Fact]
    public async Task A_configured_key_with_surrounding_whitespace_works_as_presented()
    {
        using var factory = new PanelFactory(new PanelFactoryOptions { Bootstrap = false });
        var setup = factory.Services.GetRequiredService<AdminSetupService>();
        var log = factory.Services.GetRequiredService<ILoggerFactory>().CreateLogger("test");
        await setup.BootstrapAsync(null, null, "  " + PanelFactory.ApiKey + "\n", log, default);
        Assert.Equal("bootstrap", (await factory.Services.GetRequiredService<ApiKeyService>().ValidateAsync(PanelFactory.ApiKey, default)).Value);
    }

    [Fact]
    public async Task Login_form_refuses_a_post_without_antiforgery_token()
    {
        using var factory = new PanelFactory();
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var body = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Model.UserName"] = PanelFactory.AdminUser,
            ["Model.Password"] = PanelFactory.AdminPassword,
        });
        using var answer = await client.PostAsync(new Uri("/login", UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
    }

    [Fact]
    public async Task A_key_in_use_has_its_last_use_written_once_a_minute_not_on_every_request()
    {
        using var factory = new PanelFactory();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var keys = new ApiKeyService(
            factory.Services.GetRequiredService<IDbContextFactory<PanelDbContext>>(),
            factory.Services.GetRequiredService<Panel.Contracts.IAuditLog>(),
            clock);
        async Task<DateTimeOffset?> LastUsedAsync()
        {
            Assert.Equal("bootstrap", (await keys.ValidateAsync(PanelFactory.ApiKey, default)).Value);
            return await WithDb(factory, db => db.ApiKeys.Select(k => k.LastUsedAt).SingleAsync());
        }

        var first = clock.GetUtcNow();
        Assert.Equal(first, await LastUsedAsync());
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(first, await LastUsedAsync());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(clock.GetUtcNow(), await LastUsedAsync());
    }

    private static async Task<T> WithDb<T>(PanelFactory factory, Func<PanelDbContext, Task<T>> query)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PanelDbContext>>().CreateDbContextAsync();
        return await query(db);
    }
}
