using Hetzner.Simulator;
using Panel.Module.Testing;
using Panel.Modules.Hetzner;

namespace Modules.Hetzner.Tests.Support;

/// <summary>
/// The Hetzner module in the SDK's test kit, pointed at a simulator. The background worker runs only when asked for,
/// so that other tests decide when runs happen.
/// </summary>
internal static class PanelTestHost
{
    public static Task<ModuleTestHost<HetznerModule>> StartAsync(SimulatorHost simulator, bool runWorker = false)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        return ModuleTestHost<HetznerModule>.StartAsync(options =>
        {
            options.Settings["ApiBaseUrl"] = simulator.ApiBaseUrl;
            options.Settings["MetadataBaseUrl"] = simulator.MetadataBaseUrl;
            options.Settings["Resilience:ActionPollInterval"] = "00:00:00.050";
            options.RunHostedServices = runWorker;
            options.WebRootPath = ModuleWebRoot();
        });
    }

    /// <summary>The module's source <c>wwwroot</c>: its folder is named Hetzner, not after its assembly.</summary>
    private static string ModuleWebRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "modules", "Hetzner", "wwwroot");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("modules/Hetzner/wwwroot was not found above the test output folder.");
    }
}
