using MediatR;
using Panel.Contracts;

namespace Panel.Modules.Hetzner.Features.GetDashboardCard;

/// <summary>The module's card on the panel's Dashboard (contract 1.1).</summary>
internal sealed class HetznerDashboardCard(IMediator mediator) : IDashboardCardSource
{
    public Task<DashboardCard> GetCardAsync(CancellationToken cancellationToken) =>
        mediator.Send(new GetDashboardCardQuery(), cancellationToken);
}
