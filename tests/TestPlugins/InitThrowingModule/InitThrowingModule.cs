using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Panel.Contracts;

[assembly: PanelModule(typeof(InitThrowingModule.InitThrowingModule))]

namespace InitThrowingModule;

/// <summary>A module that registers and maps cleanly but whose initialisation throws: its routes must never run.</summary>
public sealed class InitThrowingModule : IPanelModule
{
    public ModuleManifest Manifest { get; } = new("initthrowing", "Init-throwing module", "0.0.1", new MenuEntry("Init throwing"), [new ModuleTab("main", "Main", "main")]);

    public void ConfigureServices(IServiceCollection services, ModuleContext context)
    {
    }

    public Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Initialisation exploded on purpose.");

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapGet("/hello", () => "must never answer");
}
