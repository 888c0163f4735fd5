using MediatR;

namespace Panel.Modules.Hetzner.Features.SwitchServer;

/// <summary>Makes the panel manage the server it runs on now instead of the saved one, after the saved token was checked
/// against it. Needed after the data folder was copied, restored or moved to another server.</summary>
/// <param name="ServerId">The server the admin agrees to switch to, as the banner (or <c>GET /server</c>) named it; the
/// switch is refused when the metadata service names another one by now.</param>
internal sealed record SwitchServerCommand(long ServerId) : IRequest<SwitchServerResult>;

/// <param name="PreviousServerId">The server the settings were for.</param>
/// <param name="PreviousServerName">Its name.</param>
/// <param name="ServerId">The server the panel manages from now on.</param>
/// <param name="ServerName">Its name at Hetzner.</param>
/// <param name="Changed">False when the panel already managed this server (nothing was changed).</param>
internal sealed record SwitchServerResult(long? PreviousServerId, string? PreviousServerName, long ServerId, string ServerName, bool Changed);
