using Hetzner.Simulator;
using Hetzner.Simulator.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Modules.Hetzner.Tests.Support;
using Panel.Contracts;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Features.ApplyPreset;
using Panel.Modules.Hetzner.Features.GetSettings;
using Panel.Modules.Hetzner.Features.SaveSnapshotSettings;

namespace Modules.Hetzner.Tests.Features;

/// <summary>A hosting provider presets the token and the schedule in the configuration (issue 10, item 5).</summary>
public sealed class ApplyPresetTests
{
    private static readonly Dictionary<string, string?> FullPreset = new()
    {
        ["Preset:Token"] = SimulatorDefaults.ReadWriteToken,
        ["Preset:Schedule:Enabled"] = "true",
        ["Preset:Schedule:FrequencyHours"] = "6",
        ["Preset:Schedule:RetentionDays"] = "14",
        ["Preset:Schedule:KeepNewest"] = "3",
    };

    [Fact]
    public async Task The_preset_worker_saves_token_and_schedule_at_the_first_start_and_audits_it()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator, settings: FullPreset);

        await module.WithHostedServiceAsync<PresetWorker>(() => Eventually.WaitUntilAsync(() =>
            Task.FromResult(module.Audit.Events.Any(e => e.Code == "HETZNER_PRESET_APPLIED"))));

        var view = await module.SendAsync(new GetSettingsQuery());
        Assert.Equal("hclo••••••••6789", view.Token!.Mask);
        Assert.Equal(SimulatorDefaults.DemoServerId, view.Token.ServerId);
        Assert.True(view.Schedule.Enabled);
        Assert.Equal((6, 14, 3), (view.Schedule.FrequencyHours, view.Schedule.RetentionDays, view.Schedule.KeepNewest));
        var applied = Assert.Single(module.Audit.Events, e => e.Code == "HETZNER_PRESET_APPLIED");
        Assert.Contains("every 6 h, kept 14 days, newest 3", applied.Details, StringComparison.Ordinal);
        Assert.DoesNotContain(SimulatorDefaults.ReadWriteToken, applied.Details, StringComparison.Ordinal);
        Assert.Empty(module.Notifier.Raised);
    }

    [Fact]
    public async Task A_preset_never_overwrites_settings_an_admin_saved()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator, settings: FullPreset);
        await module.SaveTokenAsync();
        await module.SendAsync(new SaveSnapshotSettingsCommand(false, 24, 7, 1));
        var before = module.Audit.Events.Count;

        var outcome = await module.SendAsync(PresetSettings.Read(Section(FullPreset)).Command!);

        Assert.Equal(PresetOutcome.AlreadyConfigured, outcome);
        var schedule = (await module.SendAsync(new GetSettingsQuery())).Schedule;
        Assert.Equal((false, 24, 7, 1), (schedule.Enabled, schedule.FrequencyHours, schedule.RetentionDays, schedule.KeepNewest));
        Assert.Equal(before, module.Audit.Events.Count);
    }

    [Theory]
    [InlineData("FrequencyHours", "5")]
    [InlineData("KeepNewest", "-1")]
    public async Task A_preset_schedule_that_breaks_a_rule_stores_nothing_not_even_the_token(string key, string value)
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        var preset = new Dictionary<string, string?>(FullPreset) { ["Preset:Schedule:" + key] = value };

        var refused = await Assert.ThrowsAsync<ValidationException>(() => module.SendAsync(PresetSettings.Read(Section(preset)).Command!));

        Assert.Equal("Modules:Hetzner:Preset:Schedule:" + key, PresetSettings.KeyOf(Assert.Single(refused.Errors.Keys)));
        Assert.Null((await module.SendAsync(new GetSettingsQuery())).Token);
        Assert.Empty(module.Audit.Events);
    }

    [Fact]
    public async Task A_token_Hetzner_refuses_is_named_by_its_key_in_a_critical_notification_and_nothing_is_stored()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator, settings: new Dictionary<string, string?>(FullPreset) { ["Preset:Token"] = new string('x', 64) });

        await module.WithHostedServiceAsync<PresetWorker>(() => Eventually.WaitUntilAsync(() => Task.FromResult(module.Notifier.Raised.Count > 0)));

        var notification = Assert.Single(module.Notifier.Raised);
        Assert.Equal(NotificationSeverity.Critical, notification.Severity);
        Assert.Contains("Modules:Hetzner:Preset:Token: Hetzner did not accept this token", notification.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 64), notification.Message, StringComparison.Ordinal);
        Assert.Null((await module.SendAsync(new GetSettingsQuery())).Token);
    }

    [Fact]
    public async Task A_value_the_binder_cannot_read_is_refused_by_the_running_module_in_a_critical_notification_and_nothing_is_stored()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator, settings: new Dictionary<string, string?>(FullPreset) { ["Preset:Schedule:KeepNewest"] = "2.5" });

        await module.WithHostedServiceAsync<PresetWorker>(() => Eventually.WaitUntilAsync(() => Task.FromResult(module.Notifier.Raised.Count > 0)));

        // The harness's configuration is the module's section itself, so the key is named from there.
        var notification = Assert.Single(module.Notifier.Raised);
        Assert.Equal(NotificationSeverity.Critical, notification.Severity);
        Assert.Contains("'2.5' at 'Preset:Schedule:KeepNewest'", notification.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SimulatorDefaults.ReadWriteToken, notification.Message, StringComparison.Ordinal);
        Assert.Null((await module.SendAsync(new GetSettingsQuery())).Token);
        Assert.Empty(module.Audit.Events);
    }

    [Fact]
    public async Task Hetzner_not_answering_is_retried_until_the_preset_is_saved()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        // The metadata service silent at first (a server image's first boot), then Hetzner failing more often than
        // the client's own retries (2): both are waited out, neither is reported as a bad preset.
        simulator.State.InjectFault(new Fault(FaultKind.ServiceUnavailable503, Method: "GET", PathContains: "/metadata/", Count: 2));
        // More failures than the client's own retries (2): the first attempts of the preset fail as a whole.
        simulator.State.InjectFault(new Fault(FaultKind.ServiceUnavailable503, Method: "GET", PathContains: "/servers/", Count: 3));
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var module = await ModuleHarness.StartAsync(simulator, timeProvider: time, settings: FullPreset);

        var polls = 0;
        await module.WithHostedServiceAsync<PresetWorker>(() => Eventually.WaitUntilAsync(() =>
        {
            // The worker waits on the fake clock between attempts; move it on now and then until the preset is in.
            if (++polls % 10 == 0)
            {
                time.Advance(TimeSpan.FromSeconds(30));
            }

            return Task.FromResult(module.Audit.Events.Any(e => e.Code == "HETZNER_PRESET_APPLIED") || module.Notifier.Raised.Count > 0);
        }));

        Assert.Empty(module.Notifier.Raised);
        Assert.Single(module.Audit.Events, e => e.Code == "HETZNER_PRESET_APPLIED");
    }

    [Theory]
    [InlineData("Preset:Schedule:KeepNewest", "2.5", "'2.5' at 'Modules:Hetzner:Preset:Schedule:KeepNewest'")]
    [InlineData("Preset:Schedule:Enabled", "yes", "'yes' at 'Modules:Hetzner:Preset:Schedule:Enabled'")]
    [InlineData("Preset:Schedule:RetentionDays", "", "Modules:Hetzner:Preset:Schedule needs all of Enabled, FrequencyHours, RetentionDays, KeepNewest; missing: RetentionDays.")]
    [InlineData("Preset:Token", "", "Modules:Hetzner:Preset:Schedule is set without Modules:Hetzner:Preset:Token: a schedule is only preset together with the token.")]
    public void Unreadable_preset_values_are_named_by_their_full_key(string key, string value, string error)
    {
        var preset = new Dictionary<string, string?>(FullPreset) { [key] = value };

        var (command, errors) = PresetSettings.Read(Section(preset));

        Assert.Null(command);
        // The rules' own sentences, or the configuration binder's, which names the value and the full key.
        Assert.Contains(error, Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void No_preset_is_nothing_to_do()
    {
        var (command, errors) = PresetSettings.Read(Section(new Dictionary<string, string?>()));

        Assert.Null(command);
        Assert.Empty(errors);
    }

    [Fact]
    public void A_token_alone_is_a_preset_without_a_schedule()
    {
        var (command, errors) = PresetSettings.Read(Section(new Dictionary<string, string?> { ["Preset:Token"] = " abc " }));

        Assert.Empty(errors);
        Assert.Equal("abc", command!.Token);
        Assert.Null(command.Schedule);
        Assert.DoesNotContain("abc", command.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The preset as the module reads it: bound from <c>Modules:Hetzner:Preset</c> with its validator, as
    /// <see cref="PresetSettings.Add"/> registers it.</summary>
    private static IOptions<PresetOptions> Section(Dictionary<string, string?> values)
    {
        var root = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create("Modules:Hetzner:" + v.Key, v.Value))).Build();
        var services = new ServiceCollection();
        PresetSettings.Add(services, root.GetSection("Modules:Hetzner"));
        return services.BuildServiceProvider().GetRequiredService<IOptions<PresetOptions>>();
    }
}
