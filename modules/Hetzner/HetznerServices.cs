using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Panel.Contracts;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Snapshots.Mirror;
using Panel.Modules.Hetzner.Snapshots.Retention;
using Panel.Modules.Hetzner.Snapshots.Scheduling;
using Panel.Modules.Hetzner.Snapshots.Secrets;
using Panel.Modules.Hetzner.Snapshots.Server;

namespace Panel.Modules.Hetzner;

/// <summary>The module's composition root.</summary>
internal static class HetznerServices
{
    public static void Add(IServiceCollection services, ModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        services.AddSingleton(context);
        services.TryAddSingleton(TimeProvider.System);
        services.AddHetznerApi(context.Configuration);
        services.AddValidatedOptions(context.Configuration, new HetznerOptionsValidator(ModuleOptions.PathOf(context.Configuration)));
        services.AddDbContext<HetznerDbContext>(options =>
            options.UseSqlite($"Data Source={Path.Combine(context.DataPath, HetznerDbContext.FileName)}"));

        AddMediator(services);

        services.AddSingleton<TokenVault>();
        services.AddSingleton<ModuleLocks>();
        services.AddSingleton<WorkSignal>();
        services.AddSingleton<RunProgress>();
        services.AddSingleton<MirrorCadence>();
        services.AddSingleton<PruneJournalCheck>();
        services.AddSingleton<ServerIdentityState>();
        services.AddScoped<ConnectionReader>();
        services.AddScoped<ServerIdentity>();
        services.AddScoped<SnapshotMirror>();
        services.AddScoped<SnapshotPruner>();
        services.AddScoped<PruneFailureAlert>();
        services.AddScoped<RunLedger>();
        services.AddScoped<SnapshotRunExecutor>();
        services.AddScoped<SnapshotScheduler>();
        services.AddScoped<Backups.ServerBackupsReader>();
        services.AddHostedService<SnapshotWorker>();
        Features.ApplyPreset.PresetSettings.Add(services, context.Configuration);
        services.AddHostedService<Features.ApplyPreset.PresetWorker>();
        services.AddSingleton<Watchdog.WatchdogState>();
        services.AddSingleton<Watchdog.WatchdogStateStore>();
        services.AddScoped<Watchdog.SnapshotWatchdog>();
        services.AddHostedService<Watchdog.SnapshotWatchdogWorker>();
        services.AddScoped<IDashboardCardSource, Features.GetDashboardCard.HetznerDashboardCard>();
        services.AddSingleton<Integration.PricingCache>();
        services.AddSingleton<Restore.ServerCatalogCache>();
        services.AddSingleton<Restore.RestoreOperations>();
        services.AddSingleton<Restore.RestoreRunner>();
        services.AddHostedService<Restore.RestoreResumer>();
        services.AddScoped<Restore.RestoreChoicesReader>();
    }

    public static async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<HetznerDbContext>().Database;
        // Reading the history is much cheaper than Migrate, which also diffs the model and takes a lock.
        if ((await database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await database.MigrateAsync(cancellationToken);
        }
    }

    /// <summary>MediatR 5.1.0 has no DI package that restores here: handlers and validators are found with Scrutor,
    /// and the mediator resolves them from the request's scope through the <see cref="ServiceFactory"/>.</summary>
    private static void AddMediator(IServiceCollection services)
    {
        services.AddScoped<ServiceFactory>(provider => provider.GetService!);
        services.AddScoped<IMediator, Mediator>();
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.Scan(scan => scan.FromAssemblyOf<HetznerModule>()
            .AddClasses(classes => classes.AssignableTo(typeof(IRequestHandler<,>)), publicOnly: false)
            .AsImplementedInterfaces()
            .WithTransientLifetime());
        services.Scan(scan => scan.FromAssemblyOf<HetznerModule>()
            .AddClasses(classes => classes.AssignableTo(typeof(IValidator<>)), publicOnly: false)
            .AsImplementedInterfaces()
            .WithTransientLifetime());
    }
}
