using PanelHost.Auth.Accounts;

namespace PanelHost.Startup;

/// <summary>
/// The unattended-provisioning values (<c>Panel:Bootstrap:*</c>) are checked before the panel listens, so a bad value
/// stops the start with the key named instead of failing later in the background (README, Unattended provisioning).
/// </summary>
internal static class BootstrapRules
{
    public static StartupConfigurationException? Check(IConfiguration configuration)
    {
        var user = configuration["Panel:Bootstrap:AdminUser"];
        var password = configuration["Panel:Bootstrap:AdminPassword"];
        if (!string.IsNullOrWhiteSpace(user) || !string.IsNullOrEmpty(password))
        {
            var errors = CredentialRules.Check(user, password);
            if (errors.TryGetValue("UserName", out var userError))
            {
                return new StartupConfigurationException("Panel:Bootstrap:AdminUser", $"Panel:Bootstrap:AdminUser is not usable: {userError}");
            }

            if (errors.TryGetValue("Password", out var passwordError))
            {
                return new StartupConfigurationException("Panel:Bootstrap:AdminPassword", $"Panel:Bootstrap:AdminPassword is not usable: {passwordError}");
            }
        }

        var key = configuration["Panel:Bootstrap:ApiKey"]?.Trim();
        return key is { Length: > 0 and < CredentialRules.MinApiKeyLength }
            ? new StartupConfigurationException("Panel:Bootstrap:ApiKey", $"Panel:Bootstrap:ApiKey is not usable: it must be at least {CredentialRules.MinApiKeyLength} characters long.")
            : null;
    }
}
