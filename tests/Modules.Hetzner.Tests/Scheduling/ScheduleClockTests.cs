using Panel.Modules.Hetzner.Snapshots.Scheduling;

namespace Modules.Hetzner.Tests.Scheduling;

public sealed class ScheduleClockTests
{
    private static readonly DateTimeOffset Due = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_run_on_time_moves_the_slot_by_one_period() =>
        Assert.Equal(Due.AddHours(12), ScheduleClock.NextSlot(Due, 12, Due.AddSeconds(3)));

    [Fact]
    public void A_late_run_keeps_the_rhythm_of_the_slots() =>
        Assert.Equal(Due.AddHours(6), ScheduleClock.NextSlot(Due, 6, Due.AddHours(2)));

    [Fact]
    public void After_downtime_every_missed_slot_but_one_is_skipped() =>
        Assert.Equal(Due.AddHours(75), ScheduleClock.NextSlot(Due, 3, Due.AddHours(73)));

    [Fact]
    public void A_slot_in_the_future_stays() =>
        Assert.Equal(Due, ScheduleClock.NextSlot(Due, 12, Due.AddHours(-1)));

    [Fact]
    public void The_first_run_is_due_at_once_without_an_earlier_one() =>
        Assert.Equal(Due, ScheduleClock.FirstDue(null, 12, Due));

    [Fact]
    public void After_a_change_the_next_run_follows_the_last_automatic_one() =>
        Assert.Equal(Due.AddHours(6), ScheduleClock.FirstDue(Due, 6, Due.AddHours(1)));
}
