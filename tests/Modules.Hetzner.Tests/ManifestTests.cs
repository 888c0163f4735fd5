using Panel.Modules.Hetzner;

namespace Modules.Hetzner.Tests;

public sealed class ManifestTests
{
    [Fact]
    public void Manifest_has_settings_then_snapshots_tab()
    {
        var manifest = new HetznerModule().Manifest;
        Assert.Equal(["settings", "snapshots"], manifest.Tabs.OrderBy(t => t.Order).Select(t => t.Id));
        Assert.Equal("Hetzner", manifest.Menu.Title);
    }
}
