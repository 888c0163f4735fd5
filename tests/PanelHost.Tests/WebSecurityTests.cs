using System.Net;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PanelHost.Auth;

namespace PanelHost.Tests;

/// <summary>The web side of issue 8: logout, cross-origin API calls, return URLs, error pages, lock-out, host names.</summary>
public sealed class WebSecurityTests(PanelFixture fixture) : IClassFixture<PanelFixture>
{
    private const string ForeignOrigin = "http://127.0.0.1:9999";

    [Fact]
    public async Task Logout_needs_the_antiforgery_token_of_the_log_out_button()
    {
        using var login = new LoginHelper(fixture.Factory);
        var client = await login.LoggedInClientAsync();

        using (var bare = await client.PostAsync(new Uri("/logout", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        }

        using (var forged = await client.PostAsync(new Uri("/logout", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = "forged" })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        using (var stillIn = await client.GetAsync(new Uri("/account", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        }

        var page = await client.GetStringAsync(new Uri("/events", UriKind.Relative));
        using var button = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = LoginHelper.AntiforgeryToken(page) });
        using var loggedOut = await client.PostAsync(new Uri("/logout", UriKind.Relative), button);
        Assert.Equal(HttpStatusCode.Redirect, loggedOut.StatusCode);
        using var after = await client.GetAsync(new Uri("/account", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/login", after.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_state_changing_api_endpoint_refuses_a_cross_origin_session_call()
    {
        var client = await fixture.LoggedInClientAsync();
        var endpoints = fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => AuthorizationTests.Fill(e.RoutePattern).TrimStart('/').StartsWith("api/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m, Path: "/" + AuthorizationTests.Fill(e.RoutePattern).TrimStart('/'))))
            .Where(e => e.Method is not ("GET" or "HEAD" or "OPTIONS"))
            .ToList();
        Assert.Contains(("POST", "/api/modules/hetzner/prune"), endpoints);
        Assert.Contains(("POST", "/api/modules/hetzner/snapshots/refresh"), endpoints);
        Assert.Contains(("POST", "/api/notifications/read"), endpoints);
        Assert.Contains(endpoints, e => e.Method == "DELETE");
        Assert.Contains(endpoints, e => e.Method == "PUT");

        // What a page on another origin of the same site (another port, another name) can make a browser send.
        (string Header, string Value)[][] crossOrigin =
        [
            [("Origin", ForeignOrigin)],
            [("Origin", "null")],
            [("Sec-Fetch-Site", "same-site"), ("Origin", ForeignOrigin)],
            [("Sec-Fetch-Site", "cross-site")],
        ];
        foreach (var (method, path) in endpoints)
        {
            foreach (var headers in crossOrigin)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                foreach (var (name, value) in headers)
                {
                    request.Headers.Add(name, value);
                }

                using var answer = await client.SendAsync(request);
                Assert.True(answer.StatusCode == HttpStatusCode.Forbidden,
                    $"{method} {path} with {string.Join(", ", headers.Select(h => $"{h.Header}: {h.Value}"))} answered {(int)answer.StatusCode}");
                Assert.Contains("Cross-origin request refused.", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Same_origin_session_calls_and_automation_key_calls_still_change_things()
    {
        var client = await fixture.LoggedInClientAsync();
        (string Header, string Value)[][] sameOrigin =
        [
            [("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority))],
            [("Sec-Fetch-Site", "same-origin"), ("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority))],
            [], // no browser at all: a script holding the cookie
        ];
        foreach (var headers in sameOrigin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/notifications/read");
            foreach (var (name, value) in headers)
            {
                request.Headers.Add(name, value);
            }

            using var answer = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        using var keyed = new HttpRequestMessage(HttpMethod.Post, "/api/notifications/read");
        keyed.Headers.Add("Origin", ForeignOrigin);
        using var byKey = await fixture.Factory.CreateApiClient().SendAsync(keyed);
        Assert.Equal(HttpStatusCode.OK, byKey.StatusCode);
    }

    [Fact]
    public async Task Login_leads_to_a_local_return_url_escaped_for_the_location_header()
    {
        (string ReturnUrl, string Expected)[] cases =
        [
            ("/é", "/%C3%A9"),
            ("/m/hetzner/snapshots?x=ü#t", "/m/hetzner/snapshots?x=%C3%BC#t"),
            ("/events", "/events"),
            ("//evil.example/", "/"),
            ("/\\evil.example/", "/"),
            ("https://evil.example/", "/"),
            ("/\r\nSet-Cookie: x=1", "/"),
        ];
        // A real server (Kestrel refuses a Location it cannot send; the test server passes anything), of its own: the
        // login limiter allows ten posts a minute from one address.
        using var factory = new PanelFactory(new PanelFactoryOptions { Kestrel = true });
        factory.StartServer();
        foreach (var (returnUrl, expected) in cases)
        {
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = factory.ClientOptions.BaseAddress };
            using var answer = await LoginHelper.PostLoginAsync(client, PanelFactory.AdminUser, PanelFactory.AdminPassword, "/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl));

            Assert.True(answer.StatusCode == HttpStatusCode.Redirect, $"{returnUrl}: {(int)answer.StatusCode}");
            var location = answer.Headers.Location!.OriginalString;
            var origin = factory.ClientOptions.BaseAddress.GetLeftPart(UriPartial.Authority);
            Assert.Equal(expected, location.StartsWith(origin, StringComparison.Ordinal) ? location[origin.Length..] : location);
            Assert.Contains(answer.Headers.GetValues("Set-Cookie"), c => c.StartsWith("panel.session=", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Anonymous_error_pages_show_nothing_of_the_host_and_admins_keep_the_shell()
    {
        using var anonymous = fixture.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        string[] shellOnly = ["class=\"host-facts\"", RuntimeInformation.OSDescription, "Log out", "/m/hetzner/", "class=\"sidebar\""];
        foreach (var path in new[] { "/error", "/not-found" })
        {
            using var answer = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
            var html = await answer.Content.ReadAsStringAsync();
            Assert.True(html.Contains("PanelHost", StringComparison.Ordinal), $"{path}: {(int)answer.StatusCode} {answer.Headers} {html}");
            foreach (var detail in shellOnly)
            {
                Assert.DoesNotContain(detail, html, StringComparison.Ordinal);
            }
        }

        var admin = await fixture.LoggedInClientAsync();
        using var missing = await admin.GetAsync(new Uri("/no-such-page", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var shell = await missing.Content.ReadAsStringAsync();
        foreach (var detail in shellOnly)
        {
            Assert.Contains(detail, shell, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_user_name_gets_the_same_answers_as_the_admin_lock_out_included()
    {
        var accounts = fixture.Factory.Services.GetRequiredService<PanelHost.Auth.Accounts.SignInService>();
        var answers = new Dictionary<string, List<string>>();
        foreach (var name in new[] { PanelFactory.AdminUser, "no-such-admin" })
        {
            answers[name] = [];
            for (var i = 0; i < LoginThrottle.PerSource.MaxFailures + 2; i++)
            {
                var outcome = await accounts.SignInAsync(name, "a-wrong-password", "198.51.100.20", default);
                answers[name].Add($"{outcome.Succeeded}/{outcome.IsLockedOut}");
            }
        }

        Assert.Equal(answers[PanelFactory.AdminUser], answers["no-such-admin"]);
        Assert.Contains("False/True", answers["no-such-admin"]);
    }

    [Fact]
    public async Task Wrong_passwords_from_one_address_do_not_lock_the_admin_out_from_another()
    {
        using var factory = new PanelFactory(new PanelFactoryOptions { Kestrel = true });
        factory.StartServer();
        // The panel trusts X-Forwarded-For from loopback (a local TLS proxy), so each test client can be its own address.
        using var attacker = new FormClient(factory.ClientOptions.BaseAddress, "203.0.113.66");
        for (var i = 0; i < LoginThrottle.PerSource.MaxFailures; i++)
        {
            await attacker.LogInAsync(PanelFactory.AdminUser, "guessing-" + i);
        }

        var locked = await attacker.LogInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, locked.Status);
        Assert.Contains("Too many failed attempts: try again in 5 minutes.", locked.Html, StringComparison.Ordinal);
        var unknown = await attacker.LogInAsync("no-such-admin", "guessing");
        Assert.Contains("The user name or password is wrong.", unknown.Html, StringComparison.Ordinal);

        using var admin = new FormClient(factory.ClientOptions.BaseAddress, "198.51.100.7");
        var loggedIn = await admin.LogInAsync(PanelFactory.AdminUser, PanelFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, loggedIn.Status);

        var events = await admin.Http.GetStringAsync(new Uri("/events", UriKind.Relative));
        Assert.Contains("locked from 203.0.113.66 for 5 minutes", events, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_AllowedHosts_set_a_foreign_host_gets_400_and_no_redirect_to_it()
    {
        using var factory = new PanelFactory(new PanelFactoryOptions
        {
            Kestrel = true,
            Settings = new Dictionary<string, string?> { ["AllowedHosts"] = "panel.example.test" },
        });
        factory.StartServer();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = factory.ClientOptions.BaseAddress };

        async Task<HttpResponseMessage> GetAsync(string host, string? forwardedHost)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/events");
            request.Headers.Host = host;
            if (forwardedHost is not null)
            {
                request.Headers.Add("X-Forwarded-Host", forwardedHost);
            }

            return await http.SendAsync(request);
        }

        using (var direct = await GetAsync("evil.example", null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, direct.StatusCode);
            Assert.Null(direct.Headers.Location);
        }

        using (var throughProxy = await GetAsync("panel.example.test", "evil.example"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, throughProxy.StatusCode);
            Assert.Null(throughProxy.Headers.Location);
        }

        using var allowed = await GetAsync("panel.example.test", null);
        Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        Assert.StartsWith("http://panel.example.test/login", allowed.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    /// <summary>A browser-like client on its own address (X-Forwarded-For through the trusted loopback).</summary>
    private sealed class FormClient : IDisposable
    {
        public FormClient(Uri baseAddress, string address)
        {
            Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress };
            Http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        }

        public HttpClient Http { get; }

        public async Task<(HttpStatusCode Status, string Html)> LogInAsync(string user, string password)
        {
            using var answer = await LoginHelper.PostLoginAsync(Http, user, password);
            return (answer.StatusCode, WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync()));
        }

        public void Dispose() => Http.Dispose();
    }
}
