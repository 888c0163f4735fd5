using System.Text.RegularExpressions;
using Hetzner.Simulator;
using Modules.Hetzner.Tests.Support;

namespace Modules.Hetzner.Tests.Api;

/// <summary>
/// The test kit answers with the panel's own security headers (the host's source file), so the module's pages are
/// tested under the policy the panel enforces: scripts from the panel only, no inline script or event handler.
/// </summary>
public sealed partial class ContentSecurityPolicyTests
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
        Assert.DoesNotMatch(InlineScript(), page);
        Assert.DoesNotMatch(InlineHandler(), page);
    }

    // A <script> without src, or an on...= attribute, is blocked by script-src 'self'.
    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("<[a-z][^>]*\\son[a-z]+=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();
}
