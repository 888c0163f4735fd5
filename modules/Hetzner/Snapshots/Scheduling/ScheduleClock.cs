namespace Panel.Modules.Hetzner.Snapshots.Scheduling;

/// <summary>Slot arithmetic of the automatic schedule. Pure, so the catch-up rule can be tested on its own.</summary>
internal static class ScheduleClock
{
    /// <summary>
    /// The next slot after a run that was due at <paramref name="due"/>. Slots keep their rhythm (a late run does not
    /// shift the following ones), and every slot missed during downtime is skipped: one catch-up run, not one per slot.
    /// </summary>
    public static DateTimeOffset NextSlot(DateTimeOffset due, int frequencyHours, DateTimeOffset now)
    {
        var frequency = TimeSpan.FromHours(frequencyHours);
        if (due > now)
        {
            return due;
        }

        var elapsedSlots = (now - due).Ticks / frequency.Ticks;
        return due + (frequency * (elapsedSlots + 1));
    }

    /// <summary>When the first automatic run is due after the schedule is switched on or changed: one period after the
    /// last automatic run (at once when that is already past), or at once when there has never been one.</summary>
    public static DateTimeOffset FirstDue(DateTimeOffset? lastAutomaticRun, int frequencyHours, DateTimeOffset now) =>
        lastAutomaticRun is { } last && last + TimeSpan.FromHours(frequencyHours) > now
            ? last + TimeSpan.FromHours(frequencyHours)
            : now;
}
