using MediatR;
using Panel.Modules.Hetzner.Backups;

namespace Panel.Modules.Hetzner.Features.GetServerBackups;

/// <summary>Reads the Hetzner Backups of the server the panel runs on from Hetzner now, records the reading (the
/// Settings tab shows it) and returns it.</summary>
internal sealed record GetServerBackupsQuery : IRequest<ServerBackupsView>;
