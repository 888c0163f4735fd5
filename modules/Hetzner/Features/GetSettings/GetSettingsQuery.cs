using MediatR;
using Panel.Modules.Hetzner.Backups;
using Panel.Modules.Hetzner.Features.SaveSnapshotSettings;
using Panel.Modules.Hetzner.Snapshots.Scheduling;

namespace Panel.Modules.Hetzner.Features.GetSettings;

/// <summary>Everything the Settings tab shows. Read from the module's database only: never calls Hetzner.</summary>
internal sealed record GetSettingsQuery : IRequest<SettingsView>;

/// <param name="Token">The saved token, masked; null when none is saved.</param>
/// <param name="Schedule">The automatic snapshot settings.</param>
/// <param name="LastAutomaticRun">The latest automatic run, if any.</param>
/// <param name="Summary">What the schedule means in numbers.</param>
/// <param name="FrequencyOptions">The frequencies offered, in hours.</param>
/// <param name="RetentionOptions">The retention periods offered, in days.</param>
/// <param name="Backups">The server's Hetzner Backups as last read (<c>GetServerBackups</c> reads them now).</param>
internal sealed record SettingsView(
    TokenView? Token,
    SnapshotScheduleView Schedule,
    RunView? LastAutomaticRun,
    SettingsSummary Summary,
    IReadOnlyList<int> FrequencyOptions,
    IReadOnlyList<int> RetentionOptions,
    ServerBackupsView Backups);

/// <summary>Never the token itself: only its mask.</summary>
internal sealed record TokenView(string Mask, long? ServerId, string? ServerName, DateTimeOffset? SavedAt);

/// <summary>The latest automatic run.</summary>
/// <param name="RequestedAt">When it was started.</param>
/// <param name="Status">Pending, Creating, Succeeded or Failed.</param>
/// <param name="Description">The snapshot's name.</param>
/// <param name="FinishedAt">When it succeeded or failed.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="PrunedCount">Snapshots its prune deleted (also those deleted before a restart interrupted it).</param>
/// <param name="PruneStatus">Pending (under way, or interrupted and resumed by the next pass), Done or Failed; null
/// when no prune followed the run.</param>
/// <param name="PruneError">Why the prune failed or which deletes Hetzner refused.</param>
internal sealed record RunView(
    DateTimeOffset RequestedAt,
    string Status,
    string Description,
    DateTimeOffset? FinishedAt,
    string? Error,
    int? PrunedCount,
    string? PruneStatus,
    string? PruneError);
