using System.Text.Json.Serialization;
using MediatR;
using Panel.Modules.Hetzner.Backups;

namespace Panel.Modules.Hetzner.Features.ChangeServerBackups;

/// <summary>Switches Hetzner's own daily Backups of the server the panel runs on on or off (<c>enable_backup</c> /
/// <c>disable_backup</c>). Off deletes every backup Hetzner holds of the server, at once.</summary>
/// <param name="Enabled">True switches them on.</param>
/// <param name="ConfirmedBackups">Off only: how many backups the admin agreed to lose. When Hetzner holds more by the
/// time the switch is sent (a backup window came round), nothing is sent and the admin is asked again.</param>
internal sealed record ChangeServerBackupsCommand(bool Enabled, int? ConfirmedBackups = null) : IRequest<ServerBackupsView>;

/// <summary>The JSON body of <c>POST /backups</c>.</summary>
internal sealed record ChangeServerBackupsBody([property: JsonRequired] bool Enabled, int? ConfirmedBackups = null);
