namespace Modules.Hetzner.Tests.Support;

internal static class Eventually
{
    /// <summary>Waits in real time, generously, for a condition that background work makes true.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true within 15 seconds.");
            await Task.Delay(20);
        }
    }
}
