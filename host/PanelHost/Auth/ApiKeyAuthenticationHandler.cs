using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using PanelHost.Auth.Accounts;

namespace PanelHost.Auth;

/// <summary>Authenticates <c>Authorization: Bearer &lt;automation key&gt;</c> against the hashed keys.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys,
    Services.StartupGate readiness)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var key = header["Bearer ".Length..].Trim();
        // Requests the readiness gate lets through early (GET /login, static files) may still carry a key.
        await readiness.WaitAsync(Context.RequestAborted).ConfigureAwait(false);
        var known = await keys.ValidateAsync(key, Context.RequestAborted).ConfigureAwait(false);
        return known.Value is { } name
            ? AuthenticateResult.Success(new AuthenticationTicket(PanelAuth.Principal($"key:{name}", Scheme.Name), Scheme.Name))
            : AuthenticateResult.Fail(known.Errors[AccountResult.WholeForm]);
    }
}
