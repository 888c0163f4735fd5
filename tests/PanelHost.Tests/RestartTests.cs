extern alias simulator;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SimulatorHost = simulator::Hetzner.Simulator.SimulatorHost;
using SimulatorDefaults = simulator::Hetzner.Simulator.SimulatorDefaults;

namespace PanelHost.Tests;

/// <summary>The data folder is the panel's whole state: a restart keeps the admin, the key and the encrypted token usable.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Encrypted_token_survives_a_restart_on_the_same_data_folder()
    {
        await using var hetzner = await SimulatorHost.StartAsync();
        using var folder = new TempDataFolder("panel-restart-");
        var data = folder.Path;
        var options = new PanelFactoryOptions { DataPath = data, ApiBaseUrl = hetzner.ApiBaseUrl, MetadataBaseUrl = hetzner.MetadataBaseUrl };
        using (var first = new PanelFactory(options))
        {
            using var saved = await first.CreateApiClient().PutAsJsonAsync(new Uri("/api/modules/hetzner/settings/token", UriKind.Relative), new { token = SimulatorDefaults.ReadWriteToken });
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        Assert.True(File.Exists(Path.Combine(data, "panel.db")));
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(data, "keys"), "key-*.xml"));
        Assert.True(File.Exists(Path.Combine(data, "modules", "hetzner", "hetzner.db")));
        var raw = await File.ReadAllBytesAsync(Path.Combine(data, "modules", "hetzner", "hetzner.db"));
        Assert.DoesNotContain(SimulatorDefaults.ReadWriteToken, System.Text.Encoding.UTF8.GetString(raw), StringComparison.Ordinal);

        using var second = new PanelFactory(options);
        var client = second.CreateApiClient();
        using var refreshed = await client.PostAsync(new Uri("/api/modules/hetzner/snapshots/refresh", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var settings = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/modules/hetzner/settings", UriKind.Relative));
        Assert.DoesNotContain(SimulatorDefaults.ReadWriteToken, settings.GetRawText(), StringComparison.Ordinal);
        Assert.Contains(SimulatorDefaults.ReadWriteToken[^4..], settings.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_setup_marker_without_an_admin_behind_it_is_dropped_and_setup_is_offered_again()
    {
        using var folder = new TempDataFolder("panel-restart-");
        var data = folder.Path;
        var options = new PanelFactoryOptions { DataPath = data, Bootstrap = false };
        using (var first = new PanelFactory(options))
        {
            using var client = first.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            using var home = await client.GetAsync(new Uri("/", UriKind.Relative));
            Assert.Equal("/setup", home.Headers.Location?.OriginalString);
        }

        // A data folder restored from elsewhere, say, with the marker but no accounts.
        var marker = Path.Combine(data, PanelHost.Services.SetupState.MarkerFileName);
        await File.WriteAllTextAsync(marker, "stale");

        using var second = new PanelFactory(options);
        using var again = second.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await again.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal("/setup", response.Headers.Location?.OriginalString);
        Assert.False(File.Exists(marker));
    }
}
