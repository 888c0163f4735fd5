using System.Net;

namespace PanelHost.Tests;

/// <summary>Every answer forbids framing and sniffing and carries the content security policy.</summary>
public sealed class SecurityHeaderTests(PanelFixture fixture) : IClassFixture<PanelFixture>
{
    [Theory]
    [InlineData("/login")]
    [InlineData("/healthz")]
    [InlineData("/api/modules")]
    [InlineData("/nothing-here")]
    public async Task Headers_are_on_pages_api_answers_and_errors(string path)
    {
        using var client = fixture.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var answer = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal("DENY", Single(answer, "X-Frame-Options"));
        Assert.Equal("nosniff", Single(answer, "X-Content-Type-Options"));
        Assert.Equal("same-origin", Single(answer, "Referrer-Policy"));
        var csp = Single(answer, "Content-Security-Policy");
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shell_pages_carry_no_inline_script_the_policy_would_block()
    {
        var client = await fixture.LoggedInClientAsync();
        foreach (var path in new[] { "/", "/events", "/account", "/m/hetzner/settings", "/m/hetzner/snapshots" })
        {
            var html = await client.GetStringAsync(new Uri(path, UriKind.Relative));
            foreach (System.Text.RegularExpressions.Match script in System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*>"))
            {
                Assert.Contains(" src=", script.Value, StringComparison.Ordinal);
            }

            Assert.DoesNotMatch(" on[a-z]+=\"", html);
        }
    }

    [Fact]
    public async Task Behind_a_loopback_TLS_proxy_redirects_keep_its_scheme_and_host_and_kestrel_names_no_server()
    {
        using var factory = new PanelFactory(new PanelFactoryOptions { Kestrel = true });
        factory.StartServer();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = factory.ClientOptions.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "panel.example.com");
        using var answer = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith("https://panel.example.com/login", answer.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.False(answer.Headers.Contains("Server"));
    }

    private static string Single(HttpResponseMessage answer, string header) =>
        answer.Headers.TryGetValues(header, out var values) ? Assert.Single(values) : throw new Xunit.Sdk.XunitException($"{header} missing on {answer.RequestMessage?.RequestUri} ({(int)answer.StatusCode})");
}
