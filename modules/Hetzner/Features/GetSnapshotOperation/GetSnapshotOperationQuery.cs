using MediatR;
using Panel.Modules.Hetzner.Data;

namespace Panel.Modules.Hetzner.Features.GetSnapshotOperation;

/// <summary>The state and live progress of a snapshot run (what the Snapshots tab polls).</summary>
internal sealed record GetSnapshotOperationQuery(long Id) : IRequest<SnapshotOperationView>;

/// <param name="Id">The run's id.</param>
/// <param name="Kind">Manual or Automatic.</param>
/// <param name="Status">Pending, Creating, Succeeded or Failed.</param>
/// <param name="Description">The snapshot's name.</param>
/// <param name="Progress">Hetzner's action progress, 0 to 100.</param>
/// <param name="ImageId">The snapshot's image id, once Hetzner accepted the create.</param>
/// <param name="RequestedAt">When the run was requested.</param>
/// <param name="FinishedAt">When it succeeded or failed.</param>
/// <param name="Error">Why it failed.</param>
internal sealed record SnapshotOperationView(
    long Id,
    RunKind Kind,
    RunStatus Status,
    string Description,
    int Progress,
    long? ImageId,
    DateTimeOffset RequestedAt,
    DateTimeOffset? FinishedAt,
    string? Error)
{
    public bool Finished => Status is RunStatus.Succeeded or RunStatus.Failed;

    public static SnapshotOperationView From(SnapshotRunRecord run, int? liveProgress)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new SnapshotOperationView(run.Id, run.Kind, run.Status, run.Description,
            Math.Max(run.Progress, liveProgress ?? 0), run.ImageId, run.RequestedAt, run.FinishedAt, run.Error);
    }
}
