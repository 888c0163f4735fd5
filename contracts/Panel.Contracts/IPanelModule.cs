using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Panel.Contracts;

/// <summary>
/// The entry point of a module. Exactly one type per module assembly implements it, and the assembly names
/// that type with <see cref="PanelModuleAttribute"/> so that the host never has to scan every type.
/// </summary>
/// <remarks>
/// Lifetime: <see cref="Manifest"/> (read once), <see cref="ConfigureServices"/> (before the host's container is
/// built), then, once it is built, <see cref="InitializeAsync"/> and <see cref="MapEndpoints"/>. The host starts
/// listening while <see cref="InitializeAsync"/> still runs in the background, so <see cref="MapEndpoints"/> may be
/// called before it has finished; but <see cref="InitializeAsync"/> runs before the module's first request (apply
/// migrations here): the host holds the module's routes until it returns, and starts the module's hosted services only
/// then. If any of these throws, the host logs it, lists the module with the reason on its Modules page, leaves it out
/// of the menu, answers its routes 404 and carries on without that module.
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
