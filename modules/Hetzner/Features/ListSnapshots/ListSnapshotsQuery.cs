using MediatR;
using Panel.Modules.Hetzner.Features.GetSnapshotOperation;

namespace Panel.Modules.Hetzner.Features.ListSnapshots;

/// <summary>This server's snapshots from the local mirror, newest first. Never calls Hetzner, so it answers at
/// once even when the API is slow or down; <see cref="SnapshotListView.RefreshedAt"/> says how fresh it is.</summary>
/// <param name="Page">1-based page; all snapshots when <paramref name="PageSize"/> is null.</param>
/// <param name="PageSize">Snapshots per page (1 to 500).</param>
/// <param name="Sort">created (the default), name or size.</param>
/// <param name="Ascending">Oldest, A to Z or smallest first; the default is newest, Z to A or largest first.</param>
/// <param name="Search">Only snapshots whose name contains this (case-insensitive).</param>
/// <param name="Type">Only automatic, manual or outside (made outside the panel) snapshots.</param>
internal sealed record ListSnapshotsQuery(
    int Page = 1,
    int? PageSize = null,
    string? Sort = null,
    bool Ascending = false,
    string? Search = null,
    string? Type = null) : IRequest<SnapshotListView>
{
    public static readonly IReadOnlyList<string> Sorts = ["created", "name", "size"];

    public static readonly IReadOnlyList<string> Types = [SnapshotKinds.Automatic, SnapshotKinds.Manual, SnapshotKinds.Outside];
}

/// <summary>The three kinds of snapshot the Snapshots tab tells apart, as used in <see cref="ListSnapshotsQuery.Type"/>.</summary>
internal static class SnapshotKinds
{
    public const string Automatic = "automatic";
    public const string Manual = "manual";
    public const string Outside = "outside";

    public static string Of(IReadOnlyDictionary<string, string> labels) =>
        !Snapshots.Mirror.SnapshotLabels.IsManagedByPanel(labels) ? Outside
        : Snapshots.Mirror.SnapshotLabels.IsAutomatic(labels) ? Automatic
        : Manual;
}

/// <param name="Snapshots">Newest first; the requested page only.</param>
/// <param name="TotalCount">All snapshots in the mirror.</param>
/// <param name="MatchingCount">Those that pass the search and the type filter (what the pages divide).</param>
/// <param name="RefreshedAt">When the list was last read from Hetzner successfully.</param>
/// <param name="LastError">Why the latest refresh failed, if it did.</param>
/// <param name="LastErrorAt">When it failed.</param>
/// <param name="ActiveOperation">The snapshot run in progress, if any.</param>
/// <param name="ServerName">The server the snapshots belong to (pre-fills the name of a new snapshot).</param>
/// <param name="HasToken">False until an API token is saved.</param>
internal sealed record SnapshotListView(
    IReadOnlyList<SnapshotItem> Snapshots,
    int TotalCount,
    int MatchingCount,
    DateTimeOffset? RefreshedAt,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    SnapshotOperationView? ActiveOperation,
    string? ServerName,
    bool HasToken);

/// <param name="Id">Hetzner's image id.</param>
/// <param name="Description">The snapshot's name.</param>
/// <param name="Created">When Hetzner created it.</param>
/// <param name="Status">creating, available or unavailable.</param>
/// <param name="ImageSizeGb">Stored (billed) size, known once available.</param>
/// <param name="Automatic">Made by the panel's schedule.</param>
/// <param name="Origin">Automatic, Manual, or Manual (outside the panel).</param>
/// <param name="Kind">automatic, manual or outside (see <see cref="SnapshotKinds"/>).</param>
/// <param name="DeleteProtected">Hetzner's delete protection is on.</param>
internal sealed record SnapshotItem(
    long Id,
    string Description,
    DateTimeOffset Created,
    string Status,
    double? ImageSizeGb,
    bool Automatic,
    string Origin,
    string Kind,
    bool DeleteProtected);
