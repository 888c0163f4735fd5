using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace PanelHost.Tests;

/// <summary>
/// Enumerates every endpoint the host maps (its own, the module's, Razor pages) and checks that an anonymous request is
/// refused, so that a future endpoint cannot slip through unprotected.
/// </summary>
public sealed class AuthorizationTests(PanelFixture fixture) : IClassFixture<PanelFixture>
{
    /// <summary>The only routes anyone may reach without logging in.</summary>
    private static readonly HashSet<string> AnonymousRoutes = ["/login", "/setup", "/healthz", "/healthz/ready", "/healthz/live", "/not-found", "/error"];

    [Fact]
    public async Task Every_endpoint_refuses_an_anonymous_request()
    {
        var endpoints = fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.True(endpoints.Count > 20, $"only {endpoints.Count} endpoints found");
        Assert.Contains(endpoints, e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("m/hetzner/", StringComparison.Ordinal) == true);
        Assert.Contains(endpoints, e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/modules/hetzner/", StringComparison.Ordinal) == true);

        using var client = fixture.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var checkedCount = 0;
        foreach (var endpoint in endpoints)
        {
            var path = "/" + Fill(endpoint.RoutePattern).TrimStart('/');
            if (IsStaticAsset(endpoint) || AnonymousRoutes.Contains(path))
            {
                continue;
            }

            Assert.Null(endpoint.Metadata.GetMetadata<IAllowAnonymous>());
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT" or "PATCH")
                {
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                }

                using var answer = await client.SendAsync(request);
                var refused = answer.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    || (answer.StatusCode == HttpStatusCode.Redirect && answer.Headers.Location?.OriginalString.Contains("/login", StringComparison.Ordinal) == true);
                Assert.True(refused, $"{method} {path} ({endpoint.DisplayName}) answered {(int)answer.StatusCode} to an anonymous request");
                checkedCount++;
            }
        }

        Assert.True(checkedCount > 10, $"only {checkedCount} endpoint/method pairs were checked");
    }

    [Fact]
    public async Task The_anonymous_routes_are_exactly_the_allowed_ones()
    {
        var endpoints = fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var anonymous = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null && !IsStaticAsset(e))
            .Select(e => "/" + Fill(e.RoutePattern).TrimStart('/'))
            .ToHashSet();
        Assert.Subset(AnonymousRoutes, anonymous);

        using var client = fixture.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var login = await client.GetAsync(new Uri("/login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task A_wrong_automation_key_is_refused_and_the_right_one_accepted()
    {
        using var wrong = fixture.Factory.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-the-key");
        using var refused = await wrong.GetAsync(new Uri("/api/modules", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var right = await fixture.Factory.CreateApiClient().GetAsync(new Uri("/api/modules", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    /// <summary>Static assets are served anonymously by design (MapStaticAssets is marked AllowAnonymous).</summary>
    private static bool IsStaticAsset(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
        && endpoint.Metadata.Any(m => m.GetType().Name.Contains("StaticAsset", StringComparison.Ordinal) || m.GetType().Name == "ContentEncodingMetadata");

    internal static string Fill(RoutePattern pattern) =>
        string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => parameter.IsCatchAll ? "x" : "1",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => string.Empty,
        }))));
}
