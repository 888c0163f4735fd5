using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Panel.Contracts;

[assembly: PanelModule(typeof(Panel.Modules.Hetzner.HetznerModule))]

namespace Panel.Modules.Hetzner;

/// <summary>Hetzner Cloud: API token, snapshots of the server the panel runs on, and scheduled snapshots.</summary>
public sealed class HetznerModule : IPanelModule
{
    public const string Id = "hetzner";

    public ModuleManifest Manifest { get; } = new(
        Id,
        "Hetzner Cloud",
        typeof(HetznerModule).Assembly.GetName().Version?.ToString(3) ?? "1.0.0",
        new MenuEntry("Hetzner", Icon: "cloud", Order: 10),
        [
            new ModuleTab("settings", "Settings", "settings", 10),
            new ModuleTab("snapshots", "Snapshots", "snapshots", 20),
        ]);

    public void ConfigureServices(IServiceCollection services, ModuleContext context) =>
        HetznerServices.Add(services, context);

    public Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        HetznerServices.InitializeAsync(services, cancellationToken);

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => HetznerEndpoints.Map(endpoints);
}
