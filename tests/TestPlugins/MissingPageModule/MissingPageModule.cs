using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Panel.Contracts;

[assembly: PanelModule(typeof(MissingPageModule.MissingPageModule))]

namespace MissingPageModule;

/// <summary>Declares two tabs but has a page for the first only: its menu entry would lead to a 404.</summary>
public sealed class MissingPageModule : IPanelModule
{
    public ModuleManifest Manifest { get; } = new("missingpage", "Missing page", "0.0.1", new MenuEntry("Missing page"),
        [new ModuleTab("main", "Main", "main"), new ModuleTab("reports", "Reports", "reports")]);

    public void ConfigureServices(IServiceCollection services, ModuleContext context)
    {
    }

    public Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }
}

/// <summary>The first tab's page, at a path with a parameter segment elsewhere to prove templates are matched, not compared.</summary>
[Route("/m/missingpage/main")]
[Route("/m/missingpage/main/{item}")]
public sealed class MainPage : ComponentBase
{
    protected override void BuildRenderTree(RenderTreeBuilder builder) => builder.AddMarkupContent(0, "<p>main</p>");
}
