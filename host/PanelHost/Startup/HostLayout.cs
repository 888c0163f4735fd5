using Microsoft.AspNetCore.Hosting;

namespace PanelHost.Startup;

/// <summary>
/// Where the panel finds itself and its configuration, independent of the working directory (ADR-0019).
/// </summary>
internal static class HostLayout
{
    /// <summary>The default listener when neither <c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>Urls</c>,
    /// <c>Kestrel:Endpoints</c> nor the <c>HTTP(S)_PORTS</c> variables name one.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The system-wide configuration file, read after the shipped <c>appsettings.json</c>.</summary>
    public const string SystemConfigFile = "/etc/panelhost/appsettings.json";

    /// <summary>Names another file to read instead of <see cref="SystemConfigFile"/>.</summary>
    public const string ConfigFileVariable = "PANELHOST_CONFIG";

    /// <summary>
    /// The content root (shipped <c>appsettings.json</c>, <c>wwwroot</c>, relative data path): the install folder,
    /// except under <c>dotnet run</c>, whose working directory is the project folder as before, or when the
    /// framework's own content-root setting is given.
    /// </summary>
    public static string? ContentRoot(string[] args)
    {
        if (args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is { Length: > 0 }
            || Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT") is { Length: > 0 })
        {
            return null;
        }

        var cwd = Directory.GetCurrentDirectory();
        return File.Exists(Path.Combine(cwd, "PanelHost.csproj")) ? cwd : AppContext.BaseDirectory;
    }

    /// <summary>
    /// Adds the system configuration file after the JSON files the framework read (so it overrides the shipped
    /// defaults) and before environment variables and the command line (which override it, as everywhere in ASP.NET Core).
    /// </summary>
    public static void AddSystemConfiguration(ConfigurationManager configuration)
    {
        var file = Environment.GetEnvironmentVariable(ConfigFileVariable) is { Length: > 0 } named ? Path.GetFullPath(named) : SystemConfigFile;
        var sources = configuration.Sources;
        var lastJson = -1;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is Microsoft.Extensions.Configuration.Json.JsonConfigurationSource)
            {
                lastJson = i;
            }
        }

        var source = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path = file, Optional = true, ReloadOnChange = false };
        source.ResolveFileProvider();
        sources.Insert(lastJson + 1, source);
    }

    /// <summary>Listens on <see cref="DefaultUrl"/> only when no listener is configured in any of the usual ways.</summary>
    public static void ApplyDefaultUrl(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (configuration[WebHostDefaults.ServerUrlsKey] is null
            && configuration[WebHostDefaults.HttpPortsKey] is null
            && configuration[WebHostDefaults.HttpsPortsKey] is null
            && !configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
    }
}
