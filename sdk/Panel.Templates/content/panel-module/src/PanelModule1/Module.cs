using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panel.Contracts;
using PanelModule1.Data;
using PanelModule1.Features.AddNote;

[assembly: PanelModule(typeof(PanelModule1.Module))]

namespace PanelModule1;

/// <summary>The module's entry point: the panel reads its manifest, then calls the methods below in this order.</summary>
internal sealed class Module : IPanelModule
{
    public const string Id = "panel-module-one";

    public ModuleManifest Manifest { get; } = new(
        Id,
        "PanelModule1",
        typeof(Module).Assembly.GetName().Version?.ToString(3) ?? "0.1.0",
        new MenuEntry("PanelModule1", Icon: "database"),
        [new ModuleTab("notes", "Notes", "notes")]);

    public void ConfigureServices(IServiceCollection services, ModuleContext context)
    {
        var database = Path.Combine(context.DataPath, "notes.db");
        services.AddDbContext<NotesDbContext>(o => o.UseSqlite($"Data Source={database}"));
        services.AddSingleton<WorkerStatus>();
        services.AddHostedService<NotesWorker>();
        // MediatR 5.1.0: handlers and validators found with Scrutor, resolved from the request's scope.
        services.AddScoped<ServiceFactory>(provider => provider.GetService!);
        services.AddScoped<IMediator, Mediator>();
        services.Scan(scan => scan.FromAssemblyOf<Module>()
            .AddClasses(classes => classes.AssignableTo(typeof(IRequestHandler<,>)), publicOnly: false)
            .AsImplementedInterfaces()
            .WithTransientLifetime());
        services.Scan(scan => scan.FromAssemblyOf<Module>()
            .AddClasses(classes => classes.AssignableTo(typeof(IValidator<>)), publicOnly: false)
            .AsImplementedInterfaces()
            .WithTransientLifetime());
    }

    public async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NotesDbContext>().Database.MigrateAsync(cancellationToken);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        AddNoteEndpoint.Map(endpoints);
        StatusEndpoint.Map(endpoints);
    }
}
