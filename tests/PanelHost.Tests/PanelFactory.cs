using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PanelHost.Services;

namespace PanelHost.Tests;

/// <summary>
/// Runs the real host (Program) over a fresh data folder, loading real published modules from a plugins folder
/// next to the test assembly. Settings go through UseSetting because Program reads them before the host is built.
/// </summary>
public sealed class PanelFactory : WebApplicationFactory<Program>
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "correct-horse-battery";
    public const string ApiKey = "test-automation-key-0123456789abcdef0123456789";

    private readonly PanelFactoryOptions _options;

    public PanelFactory(PanelFactoryOptions? options = null)
    {
        _options = options ?? new PanelFactoryOptions();
        DataPath = _options.DataPath ?? Directory.CreateTempSubdirectory("panel-test-").FullName;
        if (_options.Kestrel)
        {
            UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        }
    }

    public string DataPath { get; }

    public static string PluginsFolder(string name = "plugins") => Path.Combine(AppContext.BaseDirectory, name);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // Outside Development the host finds its unpublished wwwroot only through the static web assets manifest.
        builder.UseStaticWebAssets();
        builder.UseSetting("Panel:DataPath", DataPath);
        builder.UseSetting("Panel:PluginsPath", _options.PluginsPath ?? PluginsFolder());
        // Nothing in a test may reach the real metadata address, even by accident.
        builder.UseSetting("Modules:hetzner:MetadataBaseUrl", _options.MetadataBaseUrl ?? "http://127.0.0.1:9/hetzner/v1/metadata");
        builder.UseSetting("Modules:hetzner:ApiBaseUrl", _options.ApiBaseUrl ?? "http://127.0.0.1:9/v1");
        if (_options.Bootstrap)
        {
            builder.UseSetting("Panel:Bootstrap:AdminUser", AdminUser);
            builder.UseSetting("Panel:Bootstrap:AdminPassword", AdminPassword);
            builder.UseSetting("Panel:Bootstrap:ApiKey", ApiKey);
        }

        foreach (var (key, value) in _options.Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>
    /// The host listens before its data and modules are ready; tests start from a ready panel (as they did when start-up
    /// awaited it), so that what they read from its services does not race the background preparation.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        host.Services.GetRequiredService<StartupGate>().Task.GetAwaiter().GetResult();
        return host;
    }

    public HttpClient CreateApiClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _options.DataPath is null)
        {
            TryDelete(DataPath);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment on shutdown; a temp folder left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

public sealed record PanelFactoryOptions
{
    public string? PluginsPath { get; init; }

    /// <summary>A data folder that outlives the factory (to restart the panel on the same data); the caller deletes it.</summary>
    public string? DataPath { get; init; }

    public bool Bootstrap { get; init; } = true;

    public bool Kestrel { get; init; }

    public string? ApiBaseUrl { get; init; }

    public string? MetadataBaseUrl { get; init; }

    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
}
