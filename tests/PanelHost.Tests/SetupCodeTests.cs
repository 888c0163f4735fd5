using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PanelHost.Data;

namespace PanelHost.Tests;

/// <summary>First-run setup needs the one-time code only the server's root can read (issue 15).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes
public sealed class SetupCodeTests
{
    [Fact]
    public async Task Setup_refuses_a_missing_or_wrong_code_accepts_the_right_one_and_then_deletes_it()
    {
        using var factory = new PanelFactory(new PanelFactoryOptions { Bootstrap = false });
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync(new Uri("/setup", UriKind.Relative));
        var file = FirstRun.SetupCodeFile(factory.DataPath);
        Assert.Contains(file, form, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var code = await FirstRun.SetupCodeAsync(factory.DataPath);
        Assert.Matches("^[0-9a-f]{32}$", code);

        using (var without = await FirstRun.PostSetupAsync(client, form, null, "admin", "a-long-enough-password"))
        {
            Assert.Equal(HttpStatusCode.OK, without.StatusCode);
            Assert.Contains("Enter the setup code from " + file, await without.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var wrong = await FirstRun.PostSetupAsync(client, form, new string('0', 32), "admin", "a-long-enough-password"))
        {
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            var page = await wrong.Content.ReadAsStringAsync();
            Assert.Contains("That is not the setup code in " + file, page, StringComparison.Ordinal);
            Assert.DoesNotContain(code, page, StringComparison.Ordinal);
        }

        Assert.Equal(0, await AdminCountAsync(factory));
        Assert.True(File.Exists(file));

        // Pasted with the newline `cat` prints.
        using var created = await FirstRun.PostSetupAsync(client, form, code + "\n", "admin", "a-long-enough-password");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(1, await AdminCountAsync(factory));
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Wrong_setup_codes_count_towards_the_login_limiter()
    {
        using var factory = new PanelFactory(new PanelFactoryOptions { Bootstrap = false });
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync(new Uri("/setup", UriKind.Relative));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            using var guess = await FirstRun.PostSetupAsync(client, form, i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture), "admin", "a-long-enough-password");
            statuses.Add(guess.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 10).Append(HttpStatusCode.TooManyRequests), statuses);
        // The same budget as the login form: that address cannot try a password either.
        using var login = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = LoginHelper.AntiforgeryToken(form),
            ["Model.UserName"] = "admin",
            ["Model.Password"] = "a-long-enough-password",
        });
        using var refused = await client.PostAsync(new Uri("/login", UriKind.Relative), login);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(0, await AdminCountAsync(factory));
    }

    [Fact]
    public async Task The_limiter_counts_an_ipv6_client_by_its_64_so_rotating_addresses_gives_no_more_guesses()
    {
        using var factory = new PanelFactory(new PanelFactoryOptions { Bootstrap = false });
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync(new Uri("/setup", UriKind.Relative));

        // One host holds the whole /64 (ADR-0015): each guess from a new address of it, as a trusted proxy reports it.
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 11; i++)
        {
            client.DefaultRequestHeaders.Remove("X-Forwarded-For");
            client.DefaultRequestHeaders.Add("X-Forwarded-For", $"2001:db8:1:2::{i:x}");
            using var guess = await FirstRun.PostSetupAsync(client, form, i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture), "admin", "a-long-enough-password");
            statuses.Add(guess.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 10).Append(HttpStatusCode.TooManyRequests), statuses);

        // Another /64 has its own budget.
        client.DefaultRequestHeaders.Remove("X-Forwarded-For");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "2001:db8:1:3::1");
        using var elsewhere = await FirstRun.PostSetupAsync(client, form, new string('0', 32), "admin", "a-long-enough-password");
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Bootstrap_creates_the_admin_without_a_code_and_removes_one_left_from_before()
    {
        using var folder = new TempDataFolder("panel-code-");
        string firstCode;
        using (var unprovisioned = new PanelFactory(new PanelFactoryOptions { DataPath = folder.Path, Bootstrap = false }))
        {
            Assert.NotNull(unprovisioned.Services);
            firstCode = await FirstRun.SetupCodeAsync(folder.Path);
        }

        using (var restarted = new PanelFactory(new PanelFactoryOptions { DataPath = folder.Path, Bootstrap = false }))
        {
            Assert.NotNull(restarted.Services);
            // Someone may be typing it: a restart keeps the code.
            Assert.Equal(firstCode, await FirstRun.SetupCodeAsync(folder.Path));
        }

        using var provisioned = new PanelFactory(new PanelFactoryOptions { DataPath = folder.Path });
        Assert.Equal(1, await AdminCountAsync(provisioned));
        Assert.False(File.Exists(FirstRun.SetupCodeFile(folder.Path)));

        using var fresh = new PanelFactory();
        Assert.Equal(1, await AdminCountAsync(fresh));
        Assert.False(File.Exists(FirstRun.SetupCodeFile(fresh.DataPath)));
    }

    private static async Task<int> AdminCountAsync(PanelFactory factory)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PanelDbContext>>().CreateDbContextAsync();
        return await db.Admins.CountAsync();
    }
}
