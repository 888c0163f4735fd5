using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Panel.Contracts;

[assembly: PanelModule(typeof(AssetsModule.AssetsModule))]

namespace AssetsModule;

/// <summary>A module built outside the host's build (nothing references it) whose wwwroot the host must serve.</summary>
public sealed class AssetsModule : IPanelModule
{
    public ModuleManifest Manifest { get; } = new("assets", "Assets", "0.0.1", new MenuEntry("Assets"), [new ModuleTab("main", "Main", "main")]);

    public void ConfigureServices(IServiceCollection services, ModuleContext context)
    {
    }

    public Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }
}

/// <summary>The tab's page, which uses the module's stylesheet.</summary>
[Route("/m/assets/main")]
public sealed class MainPage : ComponentBase
{
    protected override void BuildRenderTree(RenderTreeBuilder builder) =>
        builder.AddMarkupContent(0, "<link rel=\"stylesheet\" href=\"/_content/AssetsModule/assets.css\"><p class=\"assets\">assets</p>");
}
