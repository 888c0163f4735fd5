using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Panel.Contracts;

[assembly: PanelModule(typeof(AcmeExtra.AcmeExtraModule))]

namespace AcmeExtra;

/// <summary>A small working module: one tab, one endpoint, a start counter in its data folder.</summary>
public sealed class AcmeExtraModule : IPanelModule
{
    public ModuleManifest Manifest { get; } =
        new("acme-extra", "Acme Extra", "1.0.0", new MenuEntry("Acme Extra"), [new ModuleTab("main", "Main", "main")]);

    public void ConfigureServices(IServiceCollection services, ModuleContext context) =>
        services.AddSingleton(new StartLog(Path.Combine(context.DataPath, "starts.txt")));

    public async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var log = services.GetRequiredService<StartLog>();
        await File.AppendAllTextAsync(log.Path, DateTimeOffset.UtcNow.ToString("O") + Environment.NewLine, cancellationToken);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/starts", (StartLog log) => Results.Ok(new { starts = log.Count() }));
}

/// <summary>The module's start counter: one line per start, kept in the module's data folder.</summary>
public sealed record StartLog(string Path)
{
    public int Count() => File.Exists(Path) ? File.ReadAllLines(Path).Length : 0;
}
