using System.Globalization;
using Microsoft.Extensions.Configuration;
using Panel.Modules.Hetzner.Features.SaveSnapshotSettings;

namespace Panel.Modules.Hetzner.Features.ApplyPreset;

/// <summary>Reads <c>Modules:Hetzner:Preset</c>: <c>Token</c>, and <c>Schedule:Enabled</c>,
/// <c>Schedule:FrequencyHours</c>, <c>Schedule:RetentionDays</c>, <c>Schedule:KeepNewest</c> (all four, or none).</summary>
internal static class PresetSettings
{
    public const string Section = "Modules:Hetzner:Preset";

    private static readonly string[] ScheduleKeys =
        [nameof(SaveSnapshotSettingsCommand.Enabled), nameof(SaveSnapshotSettingsCommand.FrequencyHours),
         nameof(SaveSnapshotSettingsCommand.RetentionDays), nameof(SaveSnapshotSettingsCommand.KeepNewest)];

    /// <summary>The preset's command (null when no token is preset), or the errors that keep it from being
    /// applied, each naming its full configuration key.</summary>
    /// <param name="module">The module's configuration section (<c>Modules:Hetzner</c>).</param>
    public static (ApplyPresetCommand? Command, IReadOnlyList<string> Errors) Read(IConfiguration module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var preset = module.GetSection("Preset");
        var schedule = preset.GetSection("Schedule");
        var token = preset["Token"]?.Trim();
        var given = ScheduleKeys.Where(k => !string.IsNullOrWhiteSpace(schedule[k])).ToList();
        var errors = new List<string>();
        if (string.IsNullOrEmpty(token))
        {
            if (given.Count > 0)
            {
                errors.Add($"{Section}:Schedule is set without {Section}:Token: a schedule is only preset together with the token.");
            }

            return (null, errors);
        }

        if (given.Count is > 0 and < 4)
        {
            errors.Add($"{Section}:Schedule needs all of {string.Join(", ", ScheduleKeys)}; missing: {string.Join(", ", ScheduleKeys.Except(given))}.");
            return (null, errors);
        }

        SaveSnapshotSettingsCommand? command = null;
        if (given.Count == 4)
        {
            var enabled = bool.TryParse(schedule["Enabled"], out var on) ? on : (bool?)null;
            if (enabled is null)
            {
                errors.Add($"{Section}:Schedule:Enabled is '{schedule["Enabled"]}', not true or false.");
            }

            var frequency = WholeNumber(schedule, "FrequencyHours", errors);
            var retention = WholeNumber(schedule, "RetentionDays", errors);
            var keep = WholeNumber(schedule, "KeepNewest", errors);
            if (errors.Count > 0)
            {
                return (null, errors);
            }

            command = new SaveSnapshotSettingsCommand(enabled!.Value, frequency!.Value, retention!.Value, keep!.Value);
        }

        return (new ApplyPresetCommand(token, command), errors);
    }

    /// <summary>The full configuration key of a field a validator named (token, frequencyHours, ...).</summary>
    public static string KeyOf(string field) =>
        string.Equals(field, "token", StringComparison.OrdinalIgnoreCase)
            ? $"{Section}:Token"
            : $"{Section}:Schedule:{char.ToUpperInvariant(field[0])}{field[1..]}";

    private static int? WholeNumber(IConfiguration schedule, string key, List<string> errors)
    {
        if (int.TryParse(schedule[key], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add($"{Section}:Schedule:{key} is '{schedule[key]}', not a whole number.");
        return null;
    }
}
