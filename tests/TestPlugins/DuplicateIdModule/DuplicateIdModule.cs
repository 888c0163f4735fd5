using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Panel.Contracts;

[assembly: PanelModule(typeof(DuplicateIdModule.DuplicateIdModule))]

namespace DuplicateIdModule;

/// <summary>A valid module that claims the Hetzner module's id.</summary>
public sealed class DuplicateIdModule : IPanelModule
{
    public ModuleManifest Manifest { get; } = new("hetzner", "Another hetzner", "0.0.1", new MenuEntry("Another hetzner"), [new ModuleTab("other", "Other", "other")]);

    public void ConfigureServices(IServiceCollection services, ModuleContext context)
    {
    }

    public Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }
}

/// <summary>The tab's page.</summary>
[Route("/m/hetzner/other")]
public sealed class OtherPage : ComponentBase
{
    protected override void BuildRenderTree(RenderTreeBuilder builder) => builder.AddMarkupContent(0, "<p>other</p>");
}
