using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Panel.Contracts;

[assembly: PanelModule(typeof(NextMinorContractModule.NextMinorModule))]

namespace NextMinorContractModule;

/// <summary>A module that uses what contract 1.2 adds.</summary>
public sealed class NextMinorModule : IPanelModule
{
    public ModuleManifest Manifest { get; } = new("nextminor", "Next minor", "0.0.1", new MenuEntry("Next minor"), [new ModuleTab("main", "Main", "main")]);

    public void ConfigureServices(IServiceCollection services, ModuleContext context)
    {
    }

    public Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapGet("/hello", () => Results.Text(NextMinorAddition.Name));
}

/// <summary>The tab's page: without the version check the module would pass every other rule.</summary>
[Route("/m/nextminor/main")]
public sealed class MainPage : ComponentBase
{
    protected override void BuildRenderTree(RenderTreeBuilder builder) => builder.AddContent(0, NextMinorAddition.Name);
}
