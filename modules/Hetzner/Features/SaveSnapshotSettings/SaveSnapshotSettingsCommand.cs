using System.Text.Json.Serialization;
using MediatR;

namespace Panel.Modules.Hetzner.Features.SaveSnapshotSettings;

/// <summary>Switches automatic snapshots on or off and sets their frequency and retention.</summary>
/// <param name="Enabled">Automatic snapshots on.</param>
/// <param name="FrequencyHours">1, 3, 6, 12 or 24.</param>
/// <param name="RetentionDays">1, 3, 7, 14, 21 or 30.</param>
/// <param name="KeepNewest">The newest automatic snapshots always kept, whatever their age (1 to 100).</param>
/// <remarks>Every field is required in JSON: a partial body must not switch the schedule off by omission.</remarks>
internal sealed record SaveSnapshotSettingsCommand(
    [property: JsonRequired] bool Enabled,
    [property: JsonRequired] int FrequencyHours,
    [property: JsonRequired] int RetentionDays,
    [property: JsonRequired] int KeepNewest)
    : IRequest<SnapshotScheduleView>;

/// <summary>The schedule as stored, with when the next automatic snapshot is due.</summary>
internal sealed record SnapshotScheduleView(bool Enabled, int FrequencyHours, int RetentionDays, int KeepNewest, DateTimeOffset? NextDueAt);
