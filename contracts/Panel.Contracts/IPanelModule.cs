using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Panel.Contracts;

/// <summary>
/// The entry point of a module. Exactly one type per module assembly implements it, and the assembly names
/// that type with <see cref="PanelModuleAttribute"/> so that the host never has to scan every type.
/// </summary>
/// <remarks>
/// Lifetime, in this order: <see cref="Manifest"/> (read once), <see cref="ConfigureServices"/> (before the host's
/// container is built), <see cref="MapEndpoints"/> (once it is built), then <see cref="InitializeAsync"/> (apply
/// migrations here), which the host runs in the background while it already listens; the two never run at the same
/// time. The host holds the module's routes until <see cref="InitializeAsync"/> returns and starts the module's hosted
/// services only then; its token is cancelled when the panel stops during start-up. If any of these throws, the host
/// logs it, lists the module with the reason on its Modules page, leaves it out of the menu, answers its routes 404 and
/// carries on without that module. A module's background service that ends with an exception is logged and raised as a
/// critical notification; the host keeps running.
/// </remarks>
public interface IPanelModule
{
    /// <summary>Identity, menu entry and tabs of the module, as data.</summary>
    ModuleManifest Manifest { get; }

    /// <summary>Registers the module's services in the host container.</summary>
    /// <param name="services">The host's service collection; the module's registrations are only kept if this method returns normally.</param>
    /// <param name="context">The module's configuration section and data folder.</param>
    void ConfigureServices(IServiceCollection services, ModuleContext context);

    /// <summary>Runs once after the container is built: create or migrate the module's own storage here.</summary>
    Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken);

    /// <summary>Maps the module's JSON API.</summary>
    /// <param name="endpoints">A group already prefixed with <c>/api/modules/{Manifest.Id}</c> that requires an admin
    /// (session cookie or automation key). The endpoints' OpenAPI operation ids should be their request names.</param>
    void MapEndpoints(IEndpointRouteBuilder endpoints);
}
