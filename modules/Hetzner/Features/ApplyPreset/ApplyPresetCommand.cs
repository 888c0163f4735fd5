using MediatR;
using Panel.Modules.Hetzner.Features.SaveSnapshotSettings;

namespace Panel.Modules.Hetzner.Features.ApplyPreset;

/// <summary>A hosting provider's preset (<c>Modules:Hetzner:Preset</c>): the token, and optionally the schedule,
/// saved at the first start that finds no token. Never applied over settings an admin has made.</summary>
internal sealed record ApplyPresetCommand(string Token, SaveSnapshotSettingsCommand? Schedule) : IRequest<PresetOutcome>
{
    public override string ToString() => $"{nameof(ApplyPresetCommand)} {{ Token = (hidden), Schedule = {Schedule} }}";
}

internal enum PresetOutcome
{
    Applied,

    /// <summary>A token was already saved (by an admin, or by this preset at an earlier start): nothing changed.</summary>
    AlreadyConfigured,
}
