using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;
using PanelHost.Auth;

namespace PanelHost.Tests;

/// <summary>The per-address throttle on login posts (ADR-0008), counted on a clock instead of a timer (ADR-0017).</summary>
public sealed class LoginRateLimitTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_address_gets_ten_login_posts_a_minute_and_others_are_not_affected()
    {
        var time = new FakeTimeProvider(Start);
        var throttle = new LoginRateLimit(time);

        var allowed = Enumerable.Range(0, 11).Select(_ => throttle.TryAcquire("192.0.2.1")).ToList();

        Assert.Equal([.. Enumerable.Repeat(true, 10), false], allowed);
        Assert.True(throttle.TryAcquire("192.0.2.2"));
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(throttle.TryAcquire("192.0.2.1"));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(throttle.TryAcquire("192.0.2.1"));
    }

    [Theory]
    [InlineData("/login", "/login")]
    // Routing answers these spellings too: they count against the same limit.
    [InlineData("/login", "/login/")]
    [InlineData("/LOGIN/", "/Login")]
    public async Task The_eleventh_login_post_within_a_minute_is_answered_429_with_a_message(string first, string others)
    {
        using var factory = new PanelFactory();
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var statuses = new List<HttpStatusCode>();
        var last = "";
        for (var i = 0; i < 11; i++)
        {
            using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "nobody", ["Password"] = "wrong" });
            using var response = await client.PostAsync(new Uri(i == 0 ? first : others, UriKind.Relative), content);
            statuses.Add(response.StatusCode);
            last = await response.Content.ReadAsStringAsync();
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(10));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
        Assert.Contains("Too many login attempts", last, StringComparison.Ordinal);
    }
}
