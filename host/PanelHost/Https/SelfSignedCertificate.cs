using System.Net;
using System.Net.NetworkInformation;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PanelHost.Https;

/// <summary>The certificate the panel makes for itself: ECDSA P-256, named after the machine's host name and every
/// address it has, so the browser's warning is the only one (no name mismatch on top) whichever way it is reached.</summary>
internal static class SelfSignedCertificate
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    public static X509Certificate2 Create(DateTimeOffset now)
    {
        var hostName = Dns.GetHostName();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={Escape(hostName)}, O=PanelHost"), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var dnsName in new[] { hostName, "localhost" }.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            names.AddDnsName(dnsName);
        }

        foreach (var address in MachineAddresses())
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthentication)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        // A little in the past, so that a client whose clock is slightly behind does not see a certificate from the future.
        return request.CreateSelfSigned(now.AddHours(-1), now.Add(Lifetime));
    }

    /// <summary>Every unicast address of every interface, loopback included (SSH tunnels arrive there).</summary>
    public static IReadOnlyList<IPAddress> MachineAddresses()
    {
        var addresses = new List<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback };
        try
        {
            addresses.AddRange(NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                // Without the zone index (fe80::1%eth0): a certificate names the address only.
                .Select(u => new IPAddress(u.Address.GetAddressBytes())));
        }
        catch (NetworkInformationException)
        {
            // Loopback only; the host name still names the machine.
        }

        return [.. addresses.Distinct()];
    }

    /// <summary>The SHA-256 fingerprint as browsers show it: upper-case hex pairs separated by colons.</summary>
    public static string Fingerprint(X509Certificate2 certificate) =>
        string.Join(':', certificate.GetCertHash(HashAlgorithmName.SHA256).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    private static string Escape(string name) => name.Replace("\"", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Replace("=", "", StringComparison.Ordinal);
}
