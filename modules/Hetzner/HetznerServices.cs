using Microsoft.Extensions.DependencyInjection;
using Panel.Contracts;

namespace Panel.Modules.Hetzner;

/// <summary>The module's composition root (filled in by the API client and features).</summary>
internal static class HetznerServices
{
    public static void Add(IServiceCollection services, ModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        services.AddSingleton(context);
        services.AddHetznerApi(context.Configuration);
    }

    public static Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;
}
