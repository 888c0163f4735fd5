using System.Text.Json.Serialization;
using MediatR;
using Panel.Modules.Hetzner.Backups;

namespace Panel.Modules.Hetzner.Features.ChangeServerBackups;

/// <summary>Switches Hetzner's own daily Backups of the server the panel runs on on or off (<c>enable_backup</c> /
/// <c>disable_backup</c>). Off deletes every backup Hetzner holds of the server, at once.</summary>
/// <param name="Enabled">True switches them on.</param>
internal sealed record ChangeServerBackupsCommand(bool Enabled) : IRequest<ServerBackupsView>;

/// <summary>The JSON body of <c>POST /backups</c>.</summary>
internal sealed record ChangeServerBackupsBody([property: JsonRequired] bool Enabled);
