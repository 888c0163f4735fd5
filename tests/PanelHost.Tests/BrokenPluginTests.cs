using System.Net.Http.Json;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PanelHost.Plugins;

namespace PanelHost.Tests;

/// <summary>A plugins folder with a module that throws in registration, one that throws in initialisation, one built
/// for contract 2.0, and a folder without its assembly, next to the real Hetzner module.</summary>
public sealed class BrokenPluginTests : IDisposable
{
    private readonly string _plugins;
    private readonly PanelFactory _factory;

    public BrokenPluginTests()
    {
        _plugins = Directory.CreateTempSubdirectory("panel-broken-plugins-").FullName;
        CopyDirectory(PanelFactory.PluginsFolder("broken-plugins"), _plugins);
        Directory.CreateDirectory(Path.Combine(_plugins, "MissingModule"));
        _factory = new PanelFactory(new PanelFactoryOptions { PluginsPath = _plugins });
    }

    [Fact]
    public void Host_starts_and_records_each_failure_with_its_reason()
    {
        var catalog = _factory.Services.GetRequiredService<ModuleCatalog>();

        Assert.Equal(["hetzner"], catalog.Modules.Select(m => m.Id));
        var failures = catalog.Failures.ToDictionary(f => f.Name);
        Assert.Equal(4, failures.Count);

        Assert.Equal("register services", failures["ThrowingModule"].Stage);
        Assert.Contains("Registration exploded on purpose.", failures["ThrowingModule"].Reason, StringComparison.Ordinal);

        Assert.Equal("load", failures["FutureContractModule"].Stage);
        Assert.Contains("built for contract version 2.0", failures["FutureContractModule"].Reason, StringComparison.Ordinal);
        Assert.Contains("this host provides contract version 1.1", failures["FutureContractModule"].Reason, StringComparison.Ordinal);

        Assert.Contains("no MissingModule.dll", failures["MissingModule"].Reason, StringComparison.Ordinal);

        Assert.Equal("initialize", failures["InitThrowingModule"].Stage);
        Assert.Contains("Initialisation exploded on purpose.", failures["InitThrowingModule"].Reason, StringComparison.Ordinal);
        Assert.True(catalog.IsFailed("initthrowing"));
    }

    [Fact]
    public async Task A_module_whose_initialisation_failed_is_listed_hidden_and_its_routes_answer_not_found()
    {
        using var fixture = new LoginHelper(_factory);
        var client = await fixture.LoggedInClientAsync();

        var modules = await client.GetStringAsync(new Uri("/modules", UriKind.Relative));
        Assert.Contains("Initialisation exploded on purpose.", modules, StringComparison.Ordinal);
        var home = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.DoesNotContain("Init throwing", home, StringComparison.Ordinal);

        using var api = _factory.CreateApiClient();
        using var hello = await api.GetAsync(new Uri("/api/modules/initthrowing/hello", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, hello.StatusCode);
        Assert.DoesNotContain("must never answer", await hello.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var page = await client.GetAsync(new Uri("/m/initthrowing/main", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);

        // Its wwwroot is in the plugin folder, but its files go with its pages.
        Assert.True(File.Exists(Path.Combine(_plugins, "InitThrowingModule", "wwwroot", "init.css")));
        using var css = await client.GetAsync(new Uri("/_content/InitThrowingModule/init.css", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, css.StatusCode);
        using var byId = await client.GetAsync(new Uri("/_modules/initthrowing/init.css", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, byId.StatusCode);
    }

    [Fact]
    public void A_module_that_throws_half_way_leaves_no_registration_behind()
    {
        var isService = _factory.Services.GetRequiredService<IServiceProviderIsService>();
        var leftBehind = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name == "ThrowingModule")
            .Select(a => a.GetType("ThrowingModule.LeftBehind"))
            .FirstOrDefault(t => t is not null);

        Assert.NotNull(leftBehind);
        Assert.False(isService.IsService(leftBehind));
    }

    [Fact]
    public async Task Modules_page_lists_the_failures_and_the_working_module_still_serves()
    {
        using var fixture = new LoginHelper(_factory);
        var client = await fixture.LoggedInClientAsync();

        var page = await client.GetStringAsync(new Uri("/modules", UriKind.Relative));
        Assert.Contains("Registration exploded on purpose.", page, StringComparison.Ordinal);
        Assert.Contains("built for contract version 2.0", page, StringComparison.Ordinal);
        Assert.Contains("MissingModule", page, StringComparison.Ordinal);

        using var hetzner = await client.GetAsync(new Uri("/m/hetzner/snapshots", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, hetzner.StatusCode);

        using var throwing = await client.GetAsync(new Uri("/api/modules/throwing/hello", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, throwing.StatusCode);
    }

    [Fact]
    public async Task Health_is_unhealthy_and_names_the_failed_module_while_the_panel_keeps_serving()
    {
        using var client = _factory.CreateClient();
        using (var answer = await client.GetAsync(new Uri("/healthz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.Equal("Unhealthy", await answer.Content.ReadAsStringAsync());
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Accept.ParseAdd("application/json");
        using var json = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, json.StatusCode);
        var body = await json.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        var modules = Assert.Single(body.GetProperty("parts").EnumerateArray(), p => p.GetProperty("name").GetString() == "modules");
        Assert.Equal("Unhealthy", modules.GetProperty("status").GetString());
        Assert.Contains("ThrowingModule", modules.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.All(body.GetProperty("parts").EnumerateArray(), p => Assert.DoesNotContain(_plugins, p.GetProperty("description").GetString() ?? "", StringComparison.Ordinal));

        // The panel itself serves: ready and live answer 200 (a load balancer keeps it, systemd does not restart it).
        using var ready = await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var live = await client.GetAsync(new Uri("/healthz/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    public void Dispose()
    {
        _factory.Dispose();
        try
        {
            Directory.Delete(_plugins, recursive: true);
        }
        catch (IOException)
        {
            // Loaded plugin files may stay mapped until the process ends.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    internal static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
        }
    }
}
