using MediatR;
using Microsoft.EntityFrameworkCore;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Snapshots.Scheduling;

namespace Panel.Modules.Hetzner.Features.GetSnapshotOperation;

internal sealed class GetSnapshotOperationQueryHandler(HetznerDbContext db, RunProgress progress)
    : IRequestHandler<GetSnapshotOperationQuery, SnapshotOperationView>
{
    public async Task<SnapshotOperationView> Handle(GetSnapshotOperationQuery request, CancellationToken cancellationToken)
    {
        var run = await db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == request.Id, cancellationToken)
            ?? throw ProblemException.NotFound($"There is no snapshot operation {request.Id}.");
        return SnapshotOperationView.From(run, run.IsActive ? progress.Get(run.Id) : null);
    }
}
