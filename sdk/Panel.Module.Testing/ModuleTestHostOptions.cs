using Microsoft.Extensions.DependencyInjection;

namespace Panel.Module.Testing;

/// <summary>How <see cref="ModuleTestHost{TModule}"/> hosts the module.</summary>
public sealed class ModuleTestHostOptions
{
    /// <summary>The module's configuration section (<c>Modules:{id}</c> in the panel), key by key.</summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    /// <summary>Runs after the module's registrations: replace a service with a test double here.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Whether the module's hosted services run (they start after its initialisation, as in the panel).</summary>
    public bool RunHostedServices { get; set; } = true;

    /// <summary>The module's <c>wwwroot</c>; found above the test output by the module's assembly name when not set.</summary>
    public string? WebRootPath { get; set; }
}
