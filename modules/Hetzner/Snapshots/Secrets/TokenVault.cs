using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Panel.Modules.Hetzner.Snapshots.Secrets;

/// <summary>Encrypts the API token at rest and masks it for display; the plain token never leaves the server.</summary>
internal sealed class TokenVault(IDataProtectionProvider provider)
{
    public const string Purpose = "Panel.Modules.Hetzner.ApiToken";

    private const int VisibleChars = 4;

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(string token) => _protector.Protect(token);

    /// <summary>Null when the ciphertext cannot be read any more (the host's keys were lost or replaced).</summary>
    public string? TryUnprotect(string protectedToken)
    {
        try
        {
            return _protector.Unprotect(protectedToken);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>First and last four characters around bullets; a short value is hidden completely.</summary>
    public static string Mask(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var bullets = new string('•', 8);
        return token.Length < 4 * VisibleChars ? bullets : token[..VisibleChars] + bullets + token[^VisibleChars..];
    }
}
