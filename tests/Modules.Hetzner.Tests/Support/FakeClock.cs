using Microsoft.Extensions.Time.Testing;

namespace Modules.Hetzner.Tests.Support;

internal static class FakeClock
{
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Awaits work that waits on <paramref name="time"/> (the client's action polling, the simulator's action
    /// progress) by moving the fake clock forward in small steps until the work is done.
    /// </summary>
    public static async Task<T> DriveAsync<T>(this FakeTimeProvider time, Task<T> work, TimeSpan? step = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(work);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!work.IsCompleted)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The work did not finish within 30 seconds of real time.");
            }

            time.Advance(step ?? TimeSpan.FromMilliseconds(200));
            await Task.WhenAny(work, Task.Delay(5));
        }

        return await work;
    }
}
