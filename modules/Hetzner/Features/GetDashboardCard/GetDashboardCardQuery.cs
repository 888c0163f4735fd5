using MediatR;
using Panel.Contracts;

namespace Panel.Modules.Hetzner.Features.GetDashboardCard;

/// <summary>Whether backups are healthy, as the Dashboard card shows it. Read from the module's database only.</summary>
internal sealed record GetDashboardCardQuery : IRequest<DashboardCard>;
