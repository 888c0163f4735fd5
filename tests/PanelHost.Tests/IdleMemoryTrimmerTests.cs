using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PanelHost.Services;

namespace PanelHost.Tests;

public sealed class IdleMemoryTrimmerTests
{
    [Fact]
    public void An_idle_panel_that_has_served_nothing_never_collects()
    {
        var time = new FakeTimeProvider();
        using var trimmer = new IdleMemoryTrimmer(time);

        time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, trimmer.Trims);
    }

    [Fact]
    public void One_collection_once_the_panel_has_been_quiet_after_a_request_and_none_after_that()
    {
        var time = new FakeTimeProvider();
        using var trimmer = new IdleMemoryTrimmer(time);

        trimmer.Touch();
        time.Advance(IdleMemoryTrimmer.QuietAfter - TimeSpan.FromSeconds(1));
        Assert.Equal(0, trimmer.Trims);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, trimmer.Trims);

        // Idle from here on: the timer disarmed itself, nothing runs however long the panel stays idle.
        time.Advance(TimeSpan.FromHours(6));
        Assert.Equal(1, trimmer.Trims);
    }

    [Fact]
    public void Requests_keep_postponing_the_collection_until_they_stop()
    {
        var time = new FakeTimeProvider();
        using var trimmer = new IdleMemoryTrimmer(time);

        for (var i = 0; i < 10; i++)
        {
            trimmer.Touch();
            time.Advance(TimeSpan.FromSeconds(20));
        }

        Assert.Equal(0, trimmer.Trims);
        time.Advance(IdleMemoryTrimmer.QuietAfter);
        Assert.Equal(1, trimmer.Trims);

        // The next busy spell ends with its own collection.
        trimmer.Touch();
        time.Advance(IdleMemoryTrimmer.QuietAfter);
        Assert.Equal(2, trimmer.Trims);
    }
}

public sealed class IdleMemoryTrimmerPipelineTests
{
    [Fact]
    public async Task Every_request_of_the_shipped_pipeline_arms_the_trimmer()
    {
        using var factory = new PanelFactory();
        using var client = factory.CreateClient();
        var trimmer = factory.Services.GetRequiredService<IdleMemoryTrimmer>();

        using var health = await client.GetAsync(new Uri("/healthz/live", UriKind.Relative));

        Assert.True(trimmer.Armed);
    }
}
