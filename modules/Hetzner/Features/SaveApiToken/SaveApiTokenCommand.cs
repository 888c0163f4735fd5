using MediatR;

namespace Panel.Modules.Hetzner.Features.SaveApiToken;

/// <summary>Checks a Hetzner API token against the server the panel runs on and stores it encrypted.</summary>
internal sealed record SaveApiTokenCommand(string Token) : IRequest<SaveApiTokenResult>
{
    /// <summary>Keeps the token out of logs and exception texts that print the request.</summary>
    public override string ToString() => $"{nameof(SaveApiTokenCommand)} {{ Token = (hidden) }}";
}

/// <summary>The stored token, masked, and the server it was checked against.</summary>
internal sealed record SaveApiTokenResult(string TokenMask, long ServerId, string ServerName);
