using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Panel.Contracts;
using Panel.Modules.Hetzner;
using Panel.Modules.Hetzner.Integration;

namespace Modules.Hetzner.Tests;

/// <summary>The module's settings are bound and validated one way: keys and defaults as the README lists them, and a
/// bad value refuses the module's registration with its full key named.</summary>
public sealed class ModuleOptionsTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("hetzner-options-").FullName;

    [Fact]
    public void Without_settings_the_documented_defaults_apply_and_set_keys_are_read()
    {
        var defaults = Register([]).GetRequiredService<IOptions<HetznerOptions>>().Value;
        Assert.Equal(
            (TimeSpan.FromMinutes(5), TimeSpan.FromHours(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(24), TimeSpan.FromSeconds(5)),
            (defaults.MirrorRefreshInterval, defaults.MirrorFullRefreshInterval, defaults.MirrorWatchWindow, defaults.PriceCacheDuration, defaults.ImagePollInterval));

        using var services = Register(new() { ["MirrorRefreshMinutes"] = "2.5", ["ImagePollSeconds"] = "0.05", ["ApiBaseUrl"] = "http://127.0.0.1:9/v1" });
        var set = services.GetRequiredService<IOptions<HetznerOptions>>().Value;
        Assert.Equal((TimeSpan.FromSeconds(150), TimeSpan.FromMilliseconds(50)), (set.MirrorRefreshInterval, set.ImagePollInterval));
        Assert.Equal("http://127.0.0.1:9/v1", services.GetRequiredService<IOptions<HetznerApiOptions>>().Value.ApiBaseUrl);
    }

    [Theory]
    [InlineData("MirrorRefreshMinutes", "0", "Modules:hetzner:MirrorRefreshMinutes must be a number of minutes above 0")]
    [InlineData("MirrorWatchMinutes", "-1", "Modules:hetzner:MirrorWatchMinutes must be a number of minutes above 0")]
    [InlineData("PriceCacheHours", "100000", "Modules:hetzner:PriceCacheHours must be a number of hours above 0 and at most 8760")]
    [InlineData("ApiBaseUrl", "ftp://api.example", "Modules:hetzner:ApiBaseUrl must be an absolute http(s) URL; it is ftp://api.example.")]
    [InlineData("Resilience:MaxRetries", "-2", "Modules:hetzner:Resilience:MaxRetries must not be negative; it is -2.")]
    [InlineData("MetadataTimeout", "00:00:00.001", "Modules:hetzner:MetadataTimeout must lie between")]
    [InlineData("ImagePollSeconds", "soon", "'Modules:hetzner:ImagePollSeconds'")]
    public void A_bad_value_refuses_the_registration_and_names_its_key(string key, string value, string message)
    {
        var refused = Assert.ThrowsAny<Exception>(() => Register(new() { [key] = value }));
        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    /// <summary>The module registered as the host does: with its section <c>Modules:hetzner</c>.</summary>
    private ServiceProvider Register(Dictionary<string, string?> settings)
    {
        var root = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.ToDictionary(s => "Modules:hetzner:" + s.Key, s => s.Value))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        new HetznerModule().ConfigureServices(services, new ModuleContext(root.GetSection("Modules:hetzner"), _data));
        return services.BuildServiceProvider();
    }
}
