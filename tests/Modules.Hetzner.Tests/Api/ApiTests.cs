using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hetzner.Simulator;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Modules.Hetzner.Tests.Support;
using Panel.Modules.Hetzner.Snapshots.Secrets;

namespace Modules.Hetzner.Tests.Api;

/// <summary>The JSON API over HTTP, as automation reaches it.</summary>
public sealed class ApiTests
{
    [Fact]
    public async Task Every_request_is_an_endpoint_whose_name_is_its_operation_id()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);

        var names = panel.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName)
            .OfType<string>()
            .ToHashSet();

        string[] requests =
        [
            "CreateSnapshot", "SaveSnapshotSettings", "PruneExpired", "SaveApiToken", "DeleteSnapshot", "GetSettings", "ListSnapshots",
            "GetSnapshotOperation", "RefreshSnapshots", "GetServerCheck", "SwitchServer", "ChangeSnapshotProtection", "PreviewPrune", "GetSettingsSummary",
        ];
        Assert.All(requests, name => Assert.Contains(name, names));
    }

    [Fact]
    public async Task Invalid_settings_get_a_validation_problem_per_field_and_nothing_is_stored()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        await SaveTokenAsync(client);

        using var response = await client.PutAsJsonAsync("api/modules/hetzner/settings/schedule",
            new { enabled = true, frequencyHours = 5, retentionDays = 8, keepNewest = 0 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Equal(["frequencyHours", "keepNewest", "retentionDays"], errors.EnumerateObject().Select(p => p.Name).Order());
        using var settings = JsonDocument.Parse(await client.GetStringAsync("api/modules/hetzner/settings"));
        Assert.False(settings.RootElement.GetProperty("schedule").GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Malformed_json_is_a_bad_request()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        using var body = new StringContent("{\"token\": ", Encoding.UTF8, "application/json");

        using var response = await client.PutAsync(new Uri("api/modules/hetzner/settings/token", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_token_never_comes_back_in_an_answer()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();

        var saved = await SaveTokenAsync(client);
        var settings = await client.GetStringAsync("api/modules/hetzner/settings");

        Assert.DoesNotContain(SimulatorDefaults.ReadWriteToken, saved, StringComparison.Ordinal);
        Assert.DoesNotContain(SimulatorDefaults.ReadWriteToken, settings, StringComparison.Ordinal);
        Assert.Contains(TokenVault.Mask(SimulatorDefaults.ReadWriteToken), settings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_is_accepted_with_an_operation_to_poll_and_delete_of_an_unknown_id_is_not_found()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        await SaveTokenAsync(client);

        using var created = await client.PostAsJsonAsync("api/modules/hetzner/snapshots", new { description = "via-api" });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var operationUri = new Uri(created.RequestMessage!.RequestUri!, created.Headers.Location!);
        using var operation = JsonDocument.Parse(await client.GetStringAsync(operationUri));
        Assert.Equal("Pending", operation.RootElement.GetProperty("status").GetString());

        using var deleted = await client.DeleteAsync(new Uri("api/modules/hetzner/snapshots/999999", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
        Assert.Equal("application/problem+json", deleted.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_dry_run_prune_reports_without_deleting()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = panel.CreateClient();
        await SaveTokenAsync(client);

        using var response = await client.PostAsync(new Uri("api/modules/hetzner/prune?dryRun=true", UriKind.Relative), null);

        response.EnsureSuccessStatusCode();
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(report.RootElement.GetProperty("dryRun").GetBoolean());
    }

    private static async Task<string> SaveTokenAsync(HttpClient client)
    {
        using var response = await client.PutAsJsonAsync("api/modules/hetzner/settings/token", new { token = SimulatorDefaults.ReadWriteToken });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
