using Microsoft.Extensions.Time.Testing;
using static Modules.Hetzner.Tests.Integration.HetznerClientHarness;

namespace Modules.Hetzner.Tests.Integration;

/// <summary>
/// A budget of 10 requests per hour, in simulated time shared by the simulator and the client: the client must wait
/// for RateLimit-Reset on its own instead of running into 429s.
/// </summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task Spent_budget_makes_the_client_wait_for_the_reset_instead_of_getting_429()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var h = await StartAsync(
            new Dictionary<string, string?>
            {
                // Simulated hours pass in a few real seconds: only the rate-limit wait may be cut short by nothing.
                ["Resilience:AttemptTimeout"] = "20:00:00",
                ["Resilience:TotalTimeout"] = "23:00:00",
                ["Resilience:RateLimitMaxWait"] = "02:00:00",
            },
            time);
        h.Sim.RateLimitPerHour = 10;
        const int calls = 25;

        var work = Task.Run(async () =>
        {
            var results = new List<bool>();
            for (var i = 0; i < calls; i++)
            {
                results.Add((await h.Api.GetServerAsync(Rw, 42, CancellationToken.None)).IsSuccess);
            }

            return results;
        });
        await AdvanceWhileIdleAsync(time, h, work);

        Assert.All(await work, Assert.True);
        var requests = h.Sim.Requests;
        Assert.Equal(calls, requests.Count);
        Assert.All(requests, r => Assert.Equal(200, r.Status));
        // The 11th request waited for the full refill (RateLimit-Reset is an hour ahead once the budget is spent);
        // 25 requests need at least one more such wait.
        var gaps = requests.Zip(requests.Skip(1), (a, b) => b.At - a.At).ToList();
        Assert.True(gaps[9] >= TimeSpan.FromMinutes(50), $"gap before the 11th request: {gaps[9]}");
        Assert.True(gaps.Count(g => g >= TimeSpan.FromMinutes(50)) >= 2, string.Join(", ", gaps));
    }

    /// <summary>
    /// Moves simulated time on only once the first budget is spent and while no request is under way, so the budget
    /// refills through the client's own waiting, not behind its back during a burst.
    /// </summary>
    private static async Task AdvanceWhileIdleAsync(FakeTimeProvider time, HetznerClientHarness h, Task work)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var lastCount = -1;
        while (!work.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            var count = h.Sim.RequestCount;
            if (count == lastCount && count >= 10)
            {
                time.Advance(TimeSpan.FromMinutes(5));
            }

            lastCount = count;
        }

        Assert.True(work.IsCompleted, $"still running after {h.Sim.RequestCount} requests");
    }
}
