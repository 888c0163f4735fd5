using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using PanelHost.Auth.Accounts;
using PanelHost.Data;

namespace PanelHost.Auth;

/// <summary>Authentication and authorisation wiring: cookie sessions for people, bearer keys for automation.</summary>
internal static class PanelAuth
{
    public const string AdminRole = "admin";
    public const string PolicyScheme = "Panel";
    public const string ApiKeyScheme = "ApiKey";

    public static IServiceCollection AddPanelAuth(this IServiceCollection services)
    {
        services.AddSingleton<IPasswordHasher<AdminUser>, PasswordHasher<AdminUser>>();
        services.AddSingleton<SessionStamps>();
        services.AddSingleton<LoginThrottle>();
        services.AddAccounts();
        services.AddAuthentication(PolicyScheme)
            // Keys are for the JSON API only: on a page (the Account page, which manages keys, above all) a Bearer
            // header is ignored and only the admin's session counts.
            .AddPolicyScheme(PolicyScheme, "Session or automation key", o => o.ForwardDefaultSelector = ctx =>
                IsApi(ctx.Request.Path) && ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiKeyScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyScheme, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/login";
                o.Cookie.Name = "panel.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = SessionStamps.ValidateAsync;
            });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(PolicyScheme).RequireAuthenticatedUser().RequireRole(AdminRole).Build());

        // Per-address limit on login and setup posts, on top of the lock-out in LoginThrottle (ADR-0015). Counted on the
        // clock instead of the framework's rate limiter, whose partitioned limiter wakes every 100 ms (ADR-0017).
        services.AddSingleton<LoginRateLimit>();
        return services;
    }

    // The name identifier is what antiforgery binds its tokens to; without it, tokens were bound to every claim, so a
    // form rendered before a password change (new stamp claim) was refused after it.
    public static ClaimsPrincipal Principal(string name, string authenticationType) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, name), new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, AdminRole)],
            authenticationType));

    /// <summary>A session for <paramref name="userName"/>, tied to the stamp of the password it was opened with.</summary>
    public static ClaimsPrincipal CookiePrincipal(string userName, string stamp)
    {
        var principal = Principal(userName, CookieAuthenticationDefaults.AuthenticationScheme);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(SessionStamps.ClaimType, stamp));
        return principal;
    }

    /// <summary>API callers get a status code, people get the login page.</summary>
    private static Task ApiAware(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (IsApi(ctx.Request.Path))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);
}
