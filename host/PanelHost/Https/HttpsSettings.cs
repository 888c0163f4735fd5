using PanelHost.Startup;

namespace PanelHost.Https;

/// <summary>The <c>Panel:Https</c> section. HTTPS is on when <see cref="Port"/> is set.</summary>
/// <param name="Port"><c>Panel:Https:Port</c>; 0 (unset) leaves HTTPS off.</param>
/// <param name="Address"><c>Panel:Https:Address</c>: <c>*</c> (every address, the default) or one IP address.</param>
/// <param name="CertificatePath"><c>Panel:Https:CertificatePath</c>: a PEM certificate (with its chain) used instead of the generated one.</param>
/// <param name="KeyPath"><c>Panel:Https:KeyPath</c>: the PEM private key of <paramref name="CertificatePath"/>.</param>
internal sealed record HttpsSettings(int Port, string Address, string? CertificatePath, string? KeyPath)
{
    public const string Section = "Panel:Https";

    public bool Enabled => Port > 0;

    public bool Supplied => CertificatePath is not null;

    public static HttpsSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var port = 0;
        if (section["Port"] is { Length: > 0 } text
            && (!int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out port) || port is < 0 or > 65535))
        {
            throw new StartupConfigurationException($"{Section}:Port", $"{Section}:Port must be a port number from 1 to 65535 (0 or empty: HTTPS off), not '{text}'.");
        }

        var address = section["Address"] is { Length: > 0 } a ? a.Trim() : "*";
        if (address is not ("*" or "+") && !System.Net.IPAddress.TryParse(address, out _))
        {
            throw new StartupConfigurationException($"{Section}:Address", $"{Section}:Address must be * (every address) or an IP address, not '{address}'.");
        }

        var certificate = NullIfEmpty(section["CertificatePath"]);
        var key = NullIfEmpty(section["KeyPath"]);
        if ((certificate is null) != (key is null))
        {
            throw new StartupConfigurationException($"{Section}:CertificatePath", $"{Section}:CertificatePath and {Section}:KeyPath go together: set both or neither.");
        }

        if (certificate is not null && port == 0)
        {
            throw new StartupConfigurationException($"{Section}:CertificatePath", $"{Section}:CertificatePath is set but {Section}:Port is not: set the port to serve HTTPS.");
        }

        return new HttpsSettings(port, address, certificate is null ? null : Path.GetFullPath(certificate), key is null ? null : Path.GetFullPath(key));
    }

    /// <summary>The address Kestrel listens on, in the form of an ASP.NET Core URL.</summary>
    public string Url => System.Net.IPAddress.TryParse(Address, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
        ? $"https://[{ip}]:{Port}"
        : $"https://{Address}:{Port}";

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
