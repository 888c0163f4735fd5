using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Panel.Contracts;

[assembly: PanelModule(typeof(ThrowingModule.BrokenModule))]

namespace ThrowingModule;

/// <summary>A module whose service registration throws half-way, after registering one service.</summary>
public sealed class BrokenModule : IPanelModule
{
    public ModuleManifest Manifest { get; } = new("throwing", "Throwing module", "0.0.1", new MenuEntry("Throwing"), [new ModuleTab("main", "Main", "main")]);

    public void ConfigureServices(IServiceCollection services, ModuleContext context)
    {
        services.AddSingleton<LeftBehind>();
        throw new InvalidOperationException("Registration exploded on purpose.");
    }

    public Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapGet("/hello", () => "should never be mapped");
}

/// <summary>Must not reach the host's container: the host keeps registrations only when ConfigureServices returns.</summary>
public sealed class LeftBehind;
