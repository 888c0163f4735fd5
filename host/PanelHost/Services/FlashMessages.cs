using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace PanelHost.Services;

/// <summary>A message for the page a form redirects to.</summary>
/// <param name="Kind">success, error, info or warning (the alert's colour).</param>
/// <param name="Text">What happened, in plain words.</param>
/// <param name="Secret">Shown once and never again (a new automation key); null for ordinary messages.</param>
internal sealed record FlashMessage(string Kind, string Text, string? Secret = null)
{
    public string Css => "alert alert-" + Kind;

    public static FlashMessage Success(string text) => new("success", text);

    public static FlashMessage Error(string text) => new("error", text);
}

/// <summary>
/// Carries a form's outcome across post/redirect/get, as the Blazor Identity template's status-message cookie does:
/// the form's handler sets it and redirects, the page after the redirect takes it (read once). The cookie is
/// encrypted with Data Protection because it can hold a new key, and it lives for one minute at most.
/// </summary>
internal sealed class FlashMessages(IDataProtectionProvider protection)
{
    private const string CookieName = "panel.flash";
    private readonly IDataProtector _protector = protection.CreateProtector("PanelHost.Flash.v1");

    public void Set(HttpContext context, FlashMessage message)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Append(CookieName, _protector.Protect(JsonSerializer.Serialize(message)), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            MaxAge = TimeSpan.FromMinutes(1),
            IsEssential = true,
        });
    }

    /// <summary>The message left for this request, removed so that a reload does not show it again.</summary>
    public FlashMessage? Take(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (!context.Response.HasStarted)
        {
            context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/", Secure = context.Request.IsHttps, SameSite = SameSiteMode.Strict, HttpOnly = true });
        }

        try
        {
            return JsonSerializer.Deserialize<FlashMessage>(_protector.Unprotect(value));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // From an earlier key ring or tampered with: there is nothing to show.
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
