using Hetzner.Simulator;
using Panel.Module.Testing;
using Modules.Hetzner.Tests.Support;

namespace Modules.Hetzner.Tests.Api;

/// <summary>
/// The test kit answers with the panel's own security headers (the host's source file), so the module's pages are
/// tested under the policy the panel enforces; <see cref="PageAssert"/> finds in the markup what a browser would block.
/// </summary>
public sealed class ContentSecurityPolicyTests
{
    [Theory]
    [InlineData("m/hetzner/settings")]
    [InlineData("m/hetzner/snapshots")]
    public async Task The_modules_pages_come_with_the_panels_policy_and_keep_to_it(string path)
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var page = await response.Content.ReadAsStringAsync();

        Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var policies), "the test kit sent no Content-Security-Policy");
        var policy = Assert.Single(policies);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        PageAssert.KeepsToPolicy(page);
    }

    [Theory]
    [InlineData("<p>ok</p><script>alert(1)</script>", "<script>")]
    [InlineData("<button type=\"button\" onclick=\"go()\">Go</button>", "<button type=\"button\" onclick=\"go()\">")]
    [InlineData("<style>p { color: red }</style>", "<style>")]
    public void The_test_kit_names_markup_the_policy_blocks(string html, string named)
    {
        var refused = Assert.Throws<PagePolicyException>(() => PageAssert.KeepsToPolicy(html));

        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_test_kit_allows_what_the_policy_allows()
    {
        PageAssert.KeepsToPolicy("<script src=\"/_content/Panel.Modules.Hetzner/hetzner.js\"></script><link rel=\"stylesheet\" href=\"/panel.css\"><div class=\"bar\" style=\"width:40%\"></div>");
    }
}
