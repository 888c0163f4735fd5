namespace PanelHost.Auth.Accounts;

internal static class AccountServices
{
    /// <summary>One service per use case; they share <see cref="AccountLockOut"/>, whose per-admin lock only works
    /// as one instance.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddSingleton<AccountLockOut>();
        services.AddSingleton<SignInService>();
        services.AddSingleton<PasswordChangeService>();
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<AdminSetupService>();
        return services;
    }
}
