using System.Globalization;
using Panel.Modules.Hetzner.Restore;

namespace Panel.Modules.Hetzner.Data;

/// <summary>
/// One restore (a new server from a snapshot, or a rebuild of this server), kept so that a restarted panel follows a
/// sent action again from its id and never sends on its own a rebuild that had not gone out yet (ADR-0033).
/// </summary>
internal sealed class RestoreOperationRecord
{
    public long Id { get; set; }

    public RestoreKind Kind { get; set; }

    public RestoreStatus Status { get; set; }

    public string Step { get; set; } = "";

    public int Progress { get; set; }

    public long SnapshotId { get; set; }

    public string SnapshotDescription { get; set; } = "";

    public long ServerId { get; set; }

    public string ServerName { get; set; } = "";

    /// <summary>What a new server was ordered as (empty for a rebuild): the sentences of Hetzner's refusals name them.</summary>
    public string ServerType { get; set; } = "";

    public string Location { get; set; } = "";

    public string? Ipv4 { get; set; }

    /// <summary>The manual snapshot run taken before a rebuild, if one was.</summary>
    public long? FreshSnapshotRunId { get; set; }

    /// <summary>Hetzner's actions to follow, in order, space-separated (<c>create_server</c> then <c>start_server</c>,
    /// or <c>rebuild_server</c>); empty while a rebuild waits for its fresh snapshot, or for a server found again by
    /// name (its status is followed instead).</summary>
    public string ActionIds { get; set; } = "";

    /// <summary>Set right before a rebuild that waited for its fresh snapshot is sent: a restart that finds it set
    /// without an action cannot tell whether Hetzner received it, and says so instead of claiming nothing was sent.</summary>
    public DateTimeOffset? SendingAt { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public IReadOnlyList<long> ActionIdList =>
        [.. ActionIds.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(id => long.Parse(id, CultureInfo.InvariantCulture))];

    public static string JoinActionIds(IEnumerable<long> ids) => string.Join(' ', ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));

    public RestoreOperationView ToView(int? liveProgress = null) => new(
        Id, Kind, Status, Step, Math.Max(Progress, liveProgress ?? 0), SnapshotId, SnapshotDescription, ServerId, ServerName, Ipv4, FreshSnapshotRunId, Error);
}
