namespace Hetzner.Simulator;

/// <summary>Start-up settings of a simulator instance; the mutable knobs live on <see cref="SimulatorState"/>.</summary>
public sealed class SimulatorOptions
{
    /// <summary>Seeds the demo server (id 42), a second server of the same project and no images.</summary>
    public bool SeedDemoProject { get; set; } = true;

    /// <summary>Drives action progress and the rate-limit refill; request latency always uses wall-clock time.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    public string ReadWriteToken { get; set; } = SimulatorDefaults.ReadWriteToken;

    public string ReadOnlyToken { get; set; } = SimulatorDefaults.ReadOnlyToken;
}
