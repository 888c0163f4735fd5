using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Snapshooter.Xunit;

namespace PanelHost.Tests;

/// <summary>
/// The panel's public surface (every route, its methods, its operation name and whether it is anonymous) as a reviewed
/// snapshot: adding, removing or opening a route shows up in the diff of __snapshots__.
/// </summary>
public sealed class RouteTableTests(PanelFixture fixture) : IClassFixture<PanelFixture>
{
    [Fact]
    public void Route_table_matches_the_reviewed_snapshot()
    {
        var routes = fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => !e.Metadata.Any(m => m.GetType().Name.Contains("StaticAsset", StringComparison.Ordinal)))
            .Select(e => new
            {
                Route = "/" + (e.RoutePattern.RawText ?? string.Empty).TrimStart('/'),
                Methods = string.Join(",", e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]),
                Name = e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName,
                Anonymous = e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null,
            })
            .Distinct()
            .OrderBy(r => r.Route, StringComparer.Ordinal)
            .ThenBy(r => r.Methods, StringComparer.Ordinal)
            .ToList();

        Snapshot.Match(routes);
    }
}
