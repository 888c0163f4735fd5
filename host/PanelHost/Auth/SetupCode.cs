using System.Security.Cryptography;
using System.Text;

namespace PanelHost.Auth;

/// <summary>
/// The one-time setup code (as Jenkins' initial admin password): while no admin exists, first-run setup needs the
/// code the panel wrote to <c>data/setup-code</c>, which only the panel's user (and root) can read, so whoever finds
/// the port first cannot take the panel. The code is logged by path, never by value, and deleted once the admin exists.
/// </summary>
internal sealed class SetupCode(PanelPaths paths)
{
    public const string FileName = "setup-code";

    private volatile string? _code;

    public string FilePath => Path.Combine(paths.DataPath, FileName);

    /// <summary>Called at start while no admin exists: keeps the code of an earlier start (someone may be typing it),
    /// or writes a new one.</summary>
    public void Ensure(ILogger log)
    {
        var code = Read();
        if (code is null)
        {
            code = RandomNumberGenerator.GetHexString(32, lowercase: true);
            DataFolderPermissions.WriteOwnerOnly(FilePath, code + "\n");
        }
        else
        {
            DataFolderPermissions.SecureFile(FilePath);
        }

        _code = code;
        log.LogWarning("No admin exists yet: first-run setup at /setup asks for the setup code in {SetupCodeFile}", FilePath);
    }

    public bool Matches(string? presented)
    {
        var code = _code;
        if (code is null || string.IsNullOrWhiteSpace(presented))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented.Trim().ToLowerInvariant()), Encoding.UTF8.GetBytes(code));
    }

    /// <summary>Called once an admin exists (first-run setup, bootstrap provisioning, an admin found at start).</summary>
    public void Remove()
    {
        _code = null;
        try
        {
            File.Delete(FilePath);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private string? Read()
    {
        try
        {
            var text = File.Exists(FilePath) ? File.ReadAllText(FilePath).Trim() : null;
            return text is { Length: 32 } && text.All(char.IsAsciiHexDigitLower) ? text : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
