using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Panel.Contracts;

[assembly: PanelModule(typeof(PastContractModule.PastModule))]

namespace PastContractModule;

/// <summary>A module from before contract 1.1: no Dashboard card, a page and an endpoint.</summary>
public sealed class PastModule : IPanelModule
{
    public ModuleManifest Manifest { get; } = new("past", "Past module", "0.9.0", new MenuEntry("Past"), [new ModuleTab("main", "Main", "main")]);

    public void ConfigureServices(IServiceCollection services, ModuleContext context)
    {
    }

    public Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapGet("/hello", () => Results.Text("built against contract 1.0"));
}
