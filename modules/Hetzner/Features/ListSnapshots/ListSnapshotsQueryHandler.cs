using MediatR;
using Microsoft.EntityFrameworkCore;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Features.GetSnapshotOperation;
using Panel.Modules.Hetzner.Snapshots;

namespace Panel.Modules.Hetzner.Features.ListSnapshots;

internal sealed class ListSnapshotsQueryHandler(HetznerDbContext db, RunLedger ledger, RunProgress progress, MirrorCadence cadence)
    : IRequestHandler<ListSnapshotsQuery, SnapshotListView>
{
    public async Task<SnapshotListView> Handle(ListSnapshotsQuery request, CancellationToken cancellationToken)
    {
        // Someone looks at the list: the background refresh reads all pages while they do.
        cadence.Notice();
        var settings = await db.Settings.AsNoTracking().SingleAsync(s => s.Id == SettingsRecord.SingletonId, cancellationToken);
        var state = await db.State.AsNoTracking().SingleAsync(s => s.Id == ModuleStateRecord.SingletonId, cancellationToken);
        var ordered = db.Snapshots.AsNoTracking()
            .OrderByDescending(s => s.Created)
            .ThenByDescending(s => s.Id);
        var records = request.PageSize is { } size
            ? await ordered.Skip((request.Page - 1) * size).Take(size).ToListAsync(cancellationToken)
            : await ordered.ToListAsync(cancellationToken);
        var total = request.PageSize is null ? records.Count : await db.Snapshots.CountAsync(cancellationToken);
        var active = await ledger.GetActiveAsync(cancellationToken);

        return new SnapshotListView(
            [.. records.Select(ToItem)],
            total,
            state.MirrorRefreshedAt,
            state.MirrorError,
            state.MirrorErrorAt,
            active is null ? null : SnapshotOperationView.From(active, progress.Get(active.Id)),
            settings.ServerName,
            settings.ProtectedToken is not null);
    }

    private static SnapshotItem ToItem(SnapshotRecord record)
    {
        var labels = record.Labels;
        return new SnapshotItem(record.Id, record.Description, record.Created, record.Status, record.ImageSizeGb,
            SnapshotLabels.IsAutomatic(labels), SnapshotLabels.Origin(labels), record.DeleteProtected);
    }
}
