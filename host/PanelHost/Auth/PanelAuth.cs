using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using PanelHost.Data;

namespace PanelHost.Auth;

/// <summary>Authentication and authorisation wiring: cookie sessions for people, bearer keys for automation.</summary>
internal static class PanelAuth
{
    public const string AdminRole = "admin";
    public const string PolicyScheme = "Panel";
    public const string ApiKeyScheme = "ApiKey";
    public const string LoginLimiter = "login";

    public static IServiceCollection AddPanelAuth(this IServiceCollection services)
    {
        services.AddSingleton<IPasswordHasher<AdminUser>, PasswordHasher<AdminUser>>();
        services.AddSingleton<SessionStamps>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<AccountService>();
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

        // Per-address throttle on login posts, on top of the per-account lock-out in AccountService. First-run setup
        // posts share it, so guessing the setup code is as slow as guessing a password.
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
                HttpMethods.IsPost(ctx.Request.Method)
                    && (ctx.Request.Path.Equals("/login", StringComparison.OrdinalIgnoreCase) || ctx.Request.Path.Equals("/setup", StringComparison.OrdinalIgnoreCase))
                    // By source as the lock-out counts (an IPv6 client by its /64), or a host could rotate its
                    // addresses for more guesses of the setup code, which has no other limit.
                    ? RateLimitPartition.GetFixedWindowLimiter(LoginThrottle.SourceOf(ctx),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter(string.Empty));
        });
        return services;
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
