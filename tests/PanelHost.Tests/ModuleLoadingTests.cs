using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Panel.Contracts;
using PanelHost.Plugins;

namespace PanelHost.Tests;

public sealed class ModuleLoadingTests(PanelFixture fixture) : IClassFixture<PanelFixture>
{
    [Fact]
    public void Hetzner_module_is_loaded_from_the_plugins_folder_into_its_own_load_context()
    {
        var catalog = fixture.Factory.Services.GetRequiredService<ModuleCatalog>();
        var hetzner = Assert.Single(catalog.Modules, m => m.Id == "hetzner");
        Assert.Empty(catalog.Failures);
        Assert.StartsWith(PanelFactory.PluginsFolder(), hetzner.Assembly.Location, StringComparison.Ordinal);
        Assert.NotSame(System.Runtime.Loader.AssemblyLoadContext.Default, System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(hetzner.Assembly));
    }

    [Fact]
    public void Module_entry_type_implements_the_hosts_own_contract_type()
    {
        var catalog = fixture.Factory.Services.GetRequiredService<ModuleCatalog>();
        var module = catalog.Find("hetzner")!.Module;
        var contract = module.GetType().GetInterface(typeof(IPanelModule).FullName!);
        Assert.Same(typeof(IPanelModule), contract);
        Assert.Same(typeof(IPanelModule).Assembly, contract!.Assembly);
    }

    [Fact]
    public async Task Menu_shows_the_module_entry_and_its_page_shows_both_tabs()
    {
        var client = await fixture.LoggedInClientAsync();
        var home = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("href=\"/m/hetzner/settings\"", home, StringComparison.Ordinal);
        Assert.Contains(">Hetzner", home, StringComparison.Ordinal);

        var page = await client.GetStringAsync(new Uri("/m/hetzner/settings", UriKind.Relative));
        Assert.Contains("class=\"tabs\"", page, StringComparison.Ordinal);
        Assert.Contains(">Settings</a>", page, StringComparison.Ordinal);
        Assert.Contains(">Snapshots</a>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_page_shows_the_shells_not_found_page_and_module_files_are_served()
    {
        var client = await fixture.LoggedInClientAsync();
        using var missing = await client.GetAsync(new Uri("/no-such-page", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("<h1>Not found</h1>", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var script = await client.GetAsync(new Uri("/_modules/hetzner/hetzner.js", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("data-hetzner-operation", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Modules_api_lists_the_loaded_module()
    {
        var client = fixture.Factory.CreateApiClient();
        var modules = await client.GetFromJsonAsync<ModulesAnswer>(new Uri("/api/modules", UriKind.Relative));
        Assert.NotNull(modules);
        Assert.Contains(modules.Loaded, m => m.Id == "hetzner" && m.DisplayName == "Hetzner Cloud");
        Assert.Empty(modules.Failed);
    }

    [Fact]
    public async Task Health_endpoint_is_anonymous_and_healthy()
    {
        using var client = fixture.Factory.CreateClient();
        using var answer = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("Healthy", await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_document_is_served_to_an_admin()
    {
        var client = fixture.Factory.CreateApiClient();
        var json = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Contains("\"ListModules\"", json, StringComparison.Ordinal);

        // The endpoints' delegates are source-generated; the document still describes their parameters and types.
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var page = document.RootElement.GetProperty("paths").GetProperty("/api/modules/hetzner/snapshots").GetProperty("get")
            .GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "page");
        Assert.Equal("query", page.GetProperty("in").GetString());
        Assert.Equal("int32", page.GetProperty("schema").GetProperty("format").GetString());
    }

    private sealed record ModulesAnswer(List<ModuleRow> Loaded, List<FailureRow> Failed);

    private sealed record ModuleRow(string Id, string DisplayName, string Version, string Folder);

    private sealed record FailureRow(string Name, string Folder, string Stage, string Reason);
}
