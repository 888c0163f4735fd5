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
        var given = PresetSettings.GivenScheduleKeys(options.Schedule);
        if (string.IsNullOrWhiteSpace(options.Token))
        {
            return given.Count == 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"{PresetSettings.Section}:Schedule is set without {PresetSettings.Section}:Token: a schedule is only preset together with the token.");
        }

        return given.Count is > 0 and < 4
            ? ValidateOptionsResult.Fail($"{PresetSettings.Section}:Schedule needs all of {string.Join(", ", PresetSettings.ScheduleKeys)}; missing: {string.Join(", ", PresetSettings.ScheduleKeys.Except(given))}.")
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

    public static readonly string[] ScheduleKeys =
        [nameof(PresetScheduleOptions.Enabled), nameof(PresetScheduleOptions.FrequencyHours),
         nameof(PresetScheduleOptions.RetentionDays), nameof(PresetScheduleOptions.KeepNewest)];

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

        var schedule = preset.Schedule;
        var command = GivenScheduleKeys(schedule).Count == 0
            ? null
            : new SaveSnapshotSettingsCommand(schedule.Enabled!.Value, schedule.FrequencyHours!.Value, schedule.RetentionDays!.Value, schedule.KeepNewest!.Value);
        return (new ApplyPresetCommand(preset.Token.Trim(), command), []);
    }

    /// <summary>The full configuration key of a field a validator named (token, frequencyHours, ...).</summary>
    public static string KeyOf(string field) =>
        string.Equals(field, "token", StringComparison.OrdinalIgnoreCase)
            ? $"{Section}:Token"
            : $"{Section}:Schedule:{char.ToUpperInvariant(field[0])}{field[1..]}";

    internal static List<string> GivenScheduleKeys(PresetScheduleOptions schedule)
    {
        var given = new List<string>(ScheduleKeys.Length);
        Given(schedule.Enabled is not null, nameof(schedule.Enabled));
        Given(schedule.FrequencyHours is not null, nameof(schedule.FrequencyHours));
        Given(schedule.RetentionDays is not null, nameof(schedule.RetentionDays));
        Given(schedule.KeepNewest is not null, nameof(schedule.KeepNewest));
        return given;

        void Given(bool isSet, string key)
        {
            if (isSet)
            {
                given.Add(key);
            }
        }
    }
}
