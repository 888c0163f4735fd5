using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace PanelHost.Alerts;

/// <summary>
/// Checks one SMTP server's certificate for one connection (MailKit's <c>ServerCertificateValidationCallback</c>), as a
/// browser does: a trusted chain, the server's name, not expired, not revoked. Revocation is checked online (MailKit's
/// <c>CheckCertificateRevocation</c> stays on) but soft-fails: when the only chain problems are that revocation could
/// not be determined (the CA publishes no CRL or OCSP address, or it cannot be reached), the certificate is accepted.
/// A certificate reported revoked is refused. Keeps the reason of a refusal as one readable line (ADR-0036).
/// </summary>
internal sealed class SmtpCertificateCheck(string host)
{
    private const X509ChainStatusFlags RevocationUnknown =
        X509ChainStatusFlags.RevocationStatusUnknown | X509ChainStatusFlags.OfflineRevocation;

    /// <summary>Why the certificate was refused, once <see cref="Validate"/> refused it.</summary>
    public string? Refusal { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            Refusal = "the server sent no certificate";
            return false;
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            using var presented = new X509Certificate2(certificate);
            Refusal = $"it is made for {presented.GetNameInfo(X509NameType.DnsName, forIssuer: false)}, not for {host}";
            return false;
        }

        var problems = chain?.ChainStatus.Where(s => s.Status != X509ChainStatusFlags.NoError).ToArray() ?? [];
        if (problems.Length > 0 && problems.All(s => (s.Status & ~RevocationUnknown) == 0))
        {
            return true;
        }

        Refusal = problems.Length == 0
            ? "its chain could not be verified"
            : string.Join("; ", problems.Where(s => (s.Status & ~RevocationUnknown) != 0)
                .Select(s => s.StatusInformation.Trim().TrimEnd('.'))
                .Distinct(StringComparer.Ordinal));
        return false;
    }
}
