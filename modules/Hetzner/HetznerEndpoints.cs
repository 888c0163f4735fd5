using Microsoft.AspNetCore.Routing;

namespace Panel.Modules.Hetzner;

/// <summary>Maps every use case's endpoint on the group the host gives the module.</summary>
internal static class HetznerEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
    }
}
