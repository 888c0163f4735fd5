using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Features.SaveSnapshotSettings;

namespace Panel.Modules.Hetzner.Features.ApplyPreset;

/// <summary><c>Modules:Hetzner:Preset</c>, bound and validated like the module's other options
/// (<see cref="ModuleOptions"/>): <c>Token</c>, and <c>Schedule:Enabled</c>, <c>Schedule:FrequencyHours</c>,
/// <c>Schedule:RetentionDays</c>, <c>Schedule:KeepNewest</c> (all four, or none).</summary>
internal sealed class PresetOptions
{
    public string? Token { get; set; }

    public PresetScheduleOptions Schedule { get; set; } = new();
}

internal sealed class PresetScheduleOptions
{
    public bool? Enabled { get; set; }

    public int? FrequencyHours { get; set; }

    public int? RetentionDays { get; set; }

    public int? KeepNewest { get; set; }
}

/// <summary>A schedule only with the token, and then all four of its values.</summary>
internal sealed class PresetOptionsValidator : IValidateOptions<PresetOptions>
{
    public ValidateOptionsResult Validate(string? name, PresetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var values = PresetSettings.ScheduleValues(options.Schedule);
        var given = values.Count(v => v.IsSet);
        if (string.IsNullOrWhiteSpace(options.Token))
        {
            return given == 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"{PresetSettings.Section}:Schedule is set without {PresetSettings.Section}:Token: a schedule is only preset together with the token.");
        }

        return given is > 0 and < 4
            ? ValidateOptionsResult.Fail($"{PresetSettings.Section}:Schedule needs all of {string.Join(", ", values.Select(v => v.Key))}; missing: {string.Join(", ", values.Where(v => !v.IsSet).Select(v => v.Key))}.")
            : ValidateOptionsResult.Success;
    }
}

/// <summary>
/// Unlike the module's other options, a preset that cannot be applied does not fail the module's registration: the
/// panel and the module run, and <see cref="PresetWorker"/> names each bad key in a Critical log line and a
/// notification (an admin can still save the settings by hand).
/// </summary>
internal static class PresetSettings
{
    public const string Section = "Modules:Hetzner:Preset";

    /// <summary>Binds <see cref="PresetOptions"/> from <c>Preset</c> below <paramref name="module"/>, with its validator.</summary>
    /// <param name="services">The module's registrations.</param>
    /// <param name="module">The module's configuration section (<c>Modules:Hetzner</c>).</param>
    public static void Add(IServiceCollection services, IConfiguration module)
    {
        services.AddOptions<PresetOptions>().Bind(module.GetSection("Preset"));
        services.AddSingleton<IValidateOptions<PresetOptions>, PresetOptionsValidator>();
    }

    /// <summary>The preset's command (null when no token is preset), or the errors that keep it from being
    /// applied, each naming its full configuration key.</summary>
    public static (ApplyPresetCommand? Command, IReadOnlyList<string> Errors) Read(IOptions<PresetOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        PresetOptions preset;
        try
        {
            preset = options.Value;
        }
        catch (OptionsValidationException ex)
        {
            return (null, ex.Failures.ToList());
        }
        catch (InvalidOperationException ex)
        {
            // The binder's sentence names the full key and the value it could not convert.
            return (null, [ex.Message]);
        }

        if (string.IsNullOrWhiteSpace(preset.Token))
        {
            return (null, []);
        }

        // The validator has let through all four schedule values or none.
        var command = preset.Schedule is { Enabled: { } enabled, FrequencyHours: { } frequency, RetentionDays: { } retention, KeepNewest: { } keep }
            ? new SaveSnapshotSettingsCommand(enabled, frequency, retention, keep)
            : null;
        return (new ApplyPresetCommand(preset.Token.Trim(), command), []);
    }

    /// <summary>The full configuration key of a field a validator named (token, frequencyHours, ...).</summary>
    public static string KeyOf(string field) =>
        string.Equals(field, "token", StringComparison.OrdinalIgnoreCase)
            ? $"{Section}:Token"
            : $"{Section}:Schedule:{char.ToUpperInvariant(field[0])}{field[1..]}";

    /// <summary>The schedule's keys in the order the messages name them, and whether each is set.</summary>
    internal static (string Key, bool IsSet)[] ScheduleValues(PresetScheduleOptions schedule) =>
    [
        (nameof(schedule.Enabled), schedule.Enabled is not null),
        (nameof(schedule.FrequencyHours), schedule.FrequencyHours is not null),
        (nameof(schedule.RetentionDays), schedule.RetentionDays is not null),
        (nameof(schedule.KeepNewest), schedule.KeepNewest is not null),
    ];
}
