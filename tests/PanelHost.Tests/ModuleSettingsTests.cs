using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PanelHost.Plugins;

namespace PanelHost.Tests;

/// <summary>A module's bad setting costs that module, named by its key; the panel runs on.</summary>
public sealed class ModuleSettingsTests
{
    [Fact]
    public async Task A_bad_module_setting_fails_that_module_with_the_key_named_and_the_panel_runs()
    {
        using var factory = new PanelFactory(new PanelFactoryOptions
        {
            Settings = new Dictionary<string, string?> { ["Modules:hetzner:MirrorRefreshMinutes"] = "0" },
        });

        var failure = Assert.Single(factory.Services.GetRequiredService<ModuleCatalog>().Failures);
        Assert.Equal("register services", failure.Stage);
        Assert.Contains("Modules:hetzner:MirrorRefreshMinutes must be a number of minutes above 0", failure.Reason, StringComparison.Ordinal);
        using var api = factory.CreateApiClient();
        using var modules = await api.GetAsync(new Uri("/api/modules", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, modules.StatusCode);
    }
}
