namespace Panel.Modules.Hetzner.Snapshots.Scheduling;

/// <summary>
/// What the background loop waits for after a pass: a time (<see cref="At"/>), or only a signal (a manual request, a
/// settings change, a token save) when nothing is due on the clock. A later decision such as "retry at T" or "paused
/// until the admin acts" is one of these two.
/// </summary>
internal readonly record struct WakeUp(DateTimeOffset? At)
{
    public static WakeUp OnSignal => default;

    public static WakeUp AtTime(DateTimeOffset at) => new(at);

    /// <summary>The earlier of this wake-up and <paramref name="at"/> (a signal-only wake-up has no time to compare).</summary>
    public WakeUp NoLaterThan(DateTimeOffset? at) =>
        at is { } time && (At is not { } mine || time < mine) ? new(time) : this;
}
