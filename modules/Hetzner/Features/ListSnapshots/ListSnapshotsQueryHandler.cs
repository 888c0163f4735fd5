using MediatR;
using Microsoft.EntityFrameworkCore;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Features.GetSnapshotOperation;
using Panel.Modules.Hetzner.Snapshots.Mirror;
using Panel.Modules.Hetzner.Snapshots.Scheduling;

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
        // The mirror holds one server's snapshots (tens to a few hundred): filtering the labels, kept as JSON, is done
        // in memory rather than in SQL.
        var all = await db.Snapshots.AsNoTracking().ToListAsync(cancellationToken);
        var matching = Sorted(all.Where(s => Matches(s, request)), request).ToList();
        var records = request.PageSize is { } size
            ? matching.Skip((request.Page - 1) * size).Take(size).ToList()
            : matching;
        var total = all.Count;
        var active = await ledger.GetActiveAsync(cancellationToken);

        return new SnapshotListView(
            [.. records.Select(ToItem)],
            total,
            matching.Count,
            state.MirrorRefreshedAt,
            state.MirrorError,
            state.MirrorErrorAt,
            active is null ? null : SnapshotOperationView.From(active, progress.Get(active.Id)),
            settings.ServerName,
            settings.ProtectedToken is not null);
    }

    private static bool Matches(SnapshotRecord record, ListSnapshotsQuery request) =>
        (string.IsNullOrWhiteSpace(request.Search) || record.Description.Contains(request.Search.Trim(), StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrEmpty(request.Type) || SnapshotKinds.Of(record.Labels) == request.Type);

    /// <summary>Ties fall back to newest first, so a page boundary never moves between two requests.</summary>
    private static IEnumerable<SnapshotRecord> Sorted(IEnumerable<SnapshotRecord> records, ListSnapshotsQuery request)
    {
        IOrderedEnumerable<SnapshotRecord> ordered = (request.Sort ?? "created") switch
        {
            "name" => request.Ascending
                ? records.OrderBy(s => s.Description, StringComparer.OrdinalIgnoreCase)
                : records.OrderByDescending(s => s.Description, StringComparer.OrdinalIgnoreCase),
            "size" => request.Ascending
                ? records.OrderBy(s => s.ImageSizeGb ?? -1)
                : records.OrderByDescending(s => s.ImageSizeGb ?? -1),
            _ => request.Ascending ? records.OrderBy(s => s.Created) : records.OrderByDescending(s => s.Created),
        };
        return ordered.ThenByDescending(s => s.Created).ThenByDescending(s => s.Id);
    }

    private static SnapshotItem ToItem(SnapshotRecord record)
    {
        var labels = record.Labels;
        return new SnapshotItem(record.Id, record.Description, record.Created, record.Status, record.ImageSizeGb,
            SnapshotLabels.IsAutomatic(labels), SnapshotLabels.Origin(labels), SnapshotKinds.Of(labels), record.DeleteProtected);
    }
}
