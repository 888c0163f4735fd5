using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace PanelHost.Alerts;

/// <summary>Encrypts channel secrets at rest with the host's Data Protection keys, as the Hetzner module does its token,
/// and masks them for display.</summary>
internal sealed class AlertSecrets(IDataProtectionProvider provider)
{
    private const int VisibleChars = 4;

    private readonly IDataProtector _protector = provider.CreateProtector("PanelHost.Alerts.ChannelSecret.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    /// <exception cref="AlertDeliveryException">The key ring that encrypted it is gone.</exception>
    public string Unprotect(string protectedSecret)
    {
        try
        {
            return _protector.Unprotect(protectedSecret);
        }
        catch (CryptographicException ex)
        {
            throw new AlertDeliveryException("The channel's secret cannot be decrypted (the panel's keys were replaced); enter it again on the Alerts page.", ex);
        }
    }

    /// <summary>A webhook URL as it may be shown and logged: scheme, host and port, then <c>/…</c>; never its path or
    /// query, where Slack, Discord and others put the token.</summary>
    public static string MaskUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) + "/…" : "(not a URL)";

    /// <summary>The last four characters after bullets; a short secret is hidden completely.</summary>
    public static string Mask(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var bullets = new string('•', 8);
        return secret.Length < 4 * VisibleChars ? bullets : bullets + secret[^VisibleChars..];
    }
}

/// <summary>A delivery failed; the message is what the Alerts page shows as the channel's last error.</summary>
internal sealed class AlertDeliveryException : Exception
{
    public AlertDeliveryException()
    {
    }

    public AlertDeliveryException(string message)
        : base(message)
    {
    }

    public AlertDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
