namespace PanelHost.Auth.Accounts;

/// <summary>Rules for admin credentials, keyed by the field they concern.</summary>
internal static class CredentialRules
{
    public const int MinPasswordLength = 10;

    /// <summary>Automation keys are bearer secrets: long enough that guessing one is hopeless.</summary>
    public const int MinApiKeyLength = 32;

    /// <summary>User names are unique and looked up regardless of case and surrounding spaces.</summary>
    public static string Normalize(string userName) => userName.Trim().ToUpperInvariant();

    public static Dictionary<string, string> Check(string? userName, string? password)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(userName))
        {
            errors["UserName"] = "User name is required.";
        }
        else if (userName.Length is < 3 or > 64 || !userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            errors["UserName"] = "User name must be 3 to 64 characters: letters, digits, '.', '_' or '-'.";
        }

        if (string.IsNullOrEmpty(password))
        {
            errors["Password"] = "Password is required.";
        }
        else if (password.Length < MinPasswordLength)
        {
            errors["Password"] = $"Password must be at least {MinPasswordLength} characters long.";
        }
        else if (password.Length > 256 || password.Any(char.IsControl))
        {
            errors["Password"] = "Password must be at most 256 characters and contain no control characters.";
        }

        return errors;
    }
}
