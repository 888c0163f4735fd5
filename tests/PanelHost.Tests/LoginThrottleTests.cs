using System.Net;
using Microsoft.Extensions.Time.Testing;
using PanelHost.Auth;

namespace PanelHost.Tests;

/// <summary>The lock-out's rules on a clock the test drives (ADR-0015).</summary>
public sealed class LoginThrottleTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void One_source_is_locked_for_the_window_and_the_others_are_not()
    {
        var throttle = new LoginThrottle(_clock);
        for (var i = 1; i < LoginThrottle.PerSource.MaxFailures; i++)
        {
            Assert.Equal(new ThrottleFailure(null, LockScope.None), throttle.Fail("ADMIN", "203.0.113.1", known: true));
        }

        var locking = throttle.Fail("ADMIN", "203.0.113.1", known: true);
        Assert.Equal(LockScope.Source, locking.Started);
        Assert.Equal(_clock.GetUtcNow() + LoginThrottle.PerSource.Window, locking.LockedUntil);
        Assert.Null(throttle.LockedUntil("ADMIN", "198.51.100.2"));

        // Guessing on while locked neither counts nor extends the lock.
        Assert.Equal(locking.LockedUntil, throttle.Fail("ADMIN", "203.0.113.1", known: true).LockedUntil);
        _clock.Advance(LoginThrottle.PerSource.Window);
        Assert.Null(throttle.LockedUntil("ADMIN", "203.0.113.1"));
    }

    [Fact]
    public void Failures_older_than_the_window_and_before_a_success_are_forgotten()
    {
        var throttle = new LoginThrottle(_clock);
        for (var i = 1; i < LoginThrottle.PerSource.MaxFailures; i++)
        {
            throttle.Fail("ADMIN", "203.0.113.1", known: true);
        }

        _clock.Advance(LoginThrottle.PerSource.Window);
        Assert.Null(throttle.Fail("ADMIN", "203.0.113.1", known: true).LockedUntil);

        throttle.Succeeded("ADMIN", "203.0.113.1");
        for (var i = 1; i < LoginThrottle.PerSource.MaxFailures; i++)
        {
            Assert.Null(throttle.Fail("ADMIN", "203.0.113.1", known: true).LockedUntil);
        }
    }

    [Fact]
    public void A_distributed_guess_locks_the_name_everywhere_which_one_address_alone_cannot()
    {
        var throttle = new LoginThrottle(_clock);
        // One address guessing as fast as its own lock allows, for a whole window, stays below the name-wide limit.
        var end = _clock.GetUtcNow() + LoginThrottle.PerName.Window;
        while (_clock.GetUtcNow() < end)
        {
            if (throttle.LockedUntil("ADMIN", "203.0.113.1") is { } until)
            {
                _clock.SetUtcNow(until);
                continue;
            }

            throttle.Fail("ADMIN", "203.0.113.1", known: true);
        }

        Assert.Null(throttle.LockedUntil("ADMIN", "198.51.100.2"));

        _clock.Advance(LoginThrottle.PerName.Window);
        var started = new List<LockScope>();
        for (var i = 0; i < LoginThrottle.PerName.MaxFailures; i++)
        {
            started.Add(throttle.Fail("ADMIN", $"10.0.{i / 250}.{i % 250}", known: true).Started);
        }

        Assert.Equal(LockScope.Everywhere, started[^1]);
        Assert.Equal(_clock.GetUtcNow() + LoginThrottle.PerName.Window, throttle.LockedUntil("ADMIN", "198.51.100.2"));
    }

    [Fact]
    public void Made_up_names_cannot_push_out_a_real_account_or_grow_without_bound()
    {
        var throttle = new LoginThrottle(_clock);
        for (var i = 1; i < LoginThrottle.PerSource.MaxFailures; i++)
        {
            throttle.Fail("ADMIN", "203.0.113.1", known: true);
        }

        for (var i = 0; i < 30_000; i++)
        {
            throttle.Fail($"MADE-UP-{i}", "198.51.100.2", known: false);
        }

        Assert.Equal(LockScope.Source, throttle.Fail("ADMIN", "203.0.113.1", known: true).Started);
    }

    [Theory]
    [InlineData("203.0.113.9", "203.0.113.9")]
    [InlineData("::ffff:203.0.113.9", "203.0.113.9")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void A_source_is_an_IPv4_address_or_an_IPv6_64(string address, string source) =>
        Assert.Equal(source, LoginThrottle.SourceOf(IPAddress.Parse(address)));
}
