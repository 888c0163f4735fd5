using Hetzner.Simulator;
using Panel.Modules.Hetzner.Integration;
using static Modules.Hetzner.Tests.Integration.HetznerClientHarness;

namespace Modules.Hetzner.Tests.Integration;

/// <summary>create_image is not idempotent: whatever goes wrong, at most one snapshot per call.</summary>
public sealed class CreateSnapshotTests
{
    private const string CreatePath = "/v1/servers/42/actions/create_image";

    private static readonly Dictionary<string, string> UserLabels = new() { ["panelhost.io/kind"] = "manual" };

    [Fact]
    public async Task Create_then_wait_reports_progress_and_success()
    {
        await using var h = await StartAsync();
        h.Sim.ActionDuration = TimeSpan.FromMilliseconds(600);
        var reported = new List<int>();
        var progress = new SynchronousProgress(reported);

        var created = await h.Api.CreateSnapshotAsync(Rw, 42, "before upgrade", UserLabels, CancellationToken.None);
        // The simulator refuses unknown body fields and invalid labels: success means only type, description and
        // labels were sent, and the request label is a valid one.
        Assert.True(created.IsSuccess, created.Error?.ToString());
        var action = created.Value!.Action!;
        Assert.Equal("create_image", action.Command);
        var done = await h.Api.WaitForActionAsync(Rw, action.Id, progress, CancellationToken.None);

        Assert.True(done.IsSuccess, done.Error?.ToString());
        Assert.Equal("success", done.Value!.Status);
        Assert.Equal(100, reported[^1]);
        Assert.True(reported.Count >= 2, $"progress reported {reported.Count} times");
        Assert.Equal(reported.Order(), reported);
        var image = Assert.Single(h.Sim.Images);
        Assert.Equal("before upgrade", image.Description);
        Assert.Equal("manual", image.Labels["panelhost.io/kind"]);
        Assert.Matches("^[0-9a-f]{32}$", image.Labels[HetznerApiClient.RequestLabelKey]);
        Assert.Equal(image.Id, created.Value.Image.Id);
    }

    [Theory]
    [InlineData(FaultKind.DropConnectionAfterProcessing)]
    [InlineData(FaultKind.DropConnection)]
    [InlineData(FaultKind.Timeout504)]
    [InlineData(FaultKind.PlainTimeout504)]
    [InlineData(FaultKind.BadGateway502)]
    [InlineData(FaultKind.Hang)]
    public async Task Ambiguous_failure_never_makes_a_duplicate(FaultKind kind)
    {
        await using var h = await StartAsync(new Dictionary<string, string?> { ["Resilience:AttemptTimeout"] = "00:00:01" });
        // Warm the connection pool first: a broken reused connection is where HttpClient itself would re-send.
        Assert.True((await h.Api.GetServerAsync(Rw, 42, CancellationToken.None)).IsSuccess);
        h.Sim.InjectFault(new Fault(kind, "POST", "create_image"));

        var created = await h.Api.CreateSnapshotAsync(Rw, 42, "nightly", UserLabels, CancellationToken.None);

        Assert.True(created.IsSuccess, created.Error?.ToString());
        var image = Assert.Single(h.Sim.Images);
        Assert.Equal(image.Id, created.Value!.Image.Id);
        Assert.Equal(image.Labels[HetznerApiClient.RequestLabelKey], created.Value.Image.Labels[HetznerApiClient.RequestLabelKey]);
        // Never a second POST without a look-up for the request label before it.
        var lookups = h.RequestsTo("label_selector=panelhost.io").Count;
        Assert.InRange(h.RequestsTo(CreatePath).Count, 1, lookups + 1);
        Assert.NotEqual(0, lookups);
    }

    [Fact]
    public async Task Processed_but_unanswered_create_is_returned_without_a_second_post()
    {
        await using var h = await StartAsync();
        h.Sim.InjectFault(new Fault(FaultKind.DropConnectionAfterProcessing, "POST", "create_image"));

        var created = await h.Api.CreateSnapshotAsync(Rw, 42, "nightly", UserLabels, CancellationToken.None);

        Assert.True(created.IsSuccess, created.Error?.ToString());
        Assert.Null(created.Value!.Action);
        Assert.Single(h.RequestsTo(CreatePath));
        var requestLabel = created.Value.Image.Labels[HetznerApiClient.RequestLabelKey];
        var withLabel = h.Sim.Images.Where(i => i.Labels.TryGetValue(HetznerApiClient.RequestLabelKey, out var v) && v == requestLabel);
        Assert.Single(withLabel);
    }

    [Fact]
    public async Task Conflict_is_unambiguous_and_retried_without_a_lookup()
    {
        await using var h = await StartAsync();
        h.Sim.InjectFault(new Fault(FaultKind.Conflict409, "POST", "create_image"));

        var created = await h.Api.CreateSnapshotAsync(Rw, 42, "nightly", UserLabels, CancellationToken.None);

        Assert.True(created.IsSuccess, created.Error?.ToString());
        Assert.Equal([409, 201], h.RequestsTo(CreatePath).Select(r => r.Status));
        Assert.Empty(h.RequestsTo("label_selector"));
        Assert.Single(h.Sim.Images);
    }

    [Theory]
    [InlineData(FaultKind.ServerError500, "server_error", 500, 1)]
    [InlineData(FaultKind.ServiceUnavailable503, "unavailable", 503, 1)]
    [InlineData(FaultKind.Locked423, "locked", 423, 0)]
    public async Task Non_retryable_failure_is_surfaced_after_one_post(FaultKind kind, string code, int status, int lookups)
    {
        await using var h = await StartAsync();
        h.Sim.InjectFault(new Fault(kind, "POST", "create_image"));

        var created = await h.Api.CreateSnapshotAsync(Rw, 42, "nightly", UserLabels, CancellationToken.None);

        Assert.Equal(code, created.Error?.Code);
        Assert.Equal(status, created.Error!.HttpStatus);
        Assert.Single(h.RequestsTo(CreatePath));
        // A 5xx leaves open whether the snapshot was made, so it is looked for; a 423 is a clear refusal.
        Assert.Equal(lookups, h.RequestsTo("label_selector").Count);
        Assert.Empty(h.Sim.Images);
    }

    [Fact]
    public async Task Invalid_label_is_surfaced_as_invalid_input_without_a_lookup()
    {
        await using var h = await StartAsync();

        var created = await h.Api.CreateSnapshotAsync(
            Rw, 42, "nightly", new Dictionary<string, string> { ["bad key!"] = "x" }, CancellationToken.None);

        Assert.Equal(HetznerError.InvalidInput, created.Error?.Code);
        Assert.Equal(422, created.Error!.HttpStatus);
        Assert.Single(h.Sim.Requests);
    }

    [Fact]
    public async Task Snapshot_quota_is_surfaced_as_resource_limit_exceeded()
    {
        await using var h = await StartAsync();
        h.Sim.SnapshotQuota = 0;

        var created = await h.Api.CreateSnapshotAsync(Rw, 42, "nightly", UserLabels, CancellationToken.None);

        Assert.Equal(HetznerError.ResourceLimitExceeded, created.Error?.Code);
        Assert.Equal(403, created.Error!.HttpStatus);
    }

    [Fact]
    public async Task Failed_action_ends_the_wait_with_its_error()
    {
        await using var h = await StartAsync();
        h.Sim.ActionDuration = TimeSpan.FromMilliseconds(200);
        h.Sim.InjectFault(new Fault(FaultKind.ActionError, "POST", "create_image"));

        var created = await h.Api.CreateSnapshotAsync(Rw, 42, "nightly", UserLabels, CancellationToken.None);
        var done = await h.Api.WaitForActionAsync(Rw, created.Value!.Action!.Id, null, CancellationToken.None);

        Assert.False(done.IsSuccess);
        Assert.False(string.IsNullOrEmpty(done.Error!.Code));
        Assert.Equal(200, done.Error.HttpStatus);
    }

    [Fact]
    public async Task Polling_backs_off_and_cancellation_ends_the_wait()
    {
        await using var h = await StartAsync(new Dictionary<string, string?> { ["Resilience:ActionPollMaxInterval"] = "00:00:00.400" });
        h.Sim.ActionDuration = TimeSpan.FromHours(1);
        var created = await h.Api.CreateSnapshotAsync(Rw, 42, "long", UserLabels, CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => h.Api.WaitForActionAsync(Rw, created.Value!.Action!.Id, null, cts.Token));

        // 50 ms constant would be about 40 polls in 2 s; growing to 400 ms it is far fewer.
        var polls = h.RequestsTo("/v1/actions/").Count;
        Assert.InRange(polls, 3, 15);
    }

    /// <summary><see cref="Progress{T}"/> posts to the thread pool; the assertions need the values in order, at once.</summary>
    private sealed class SynchronousProgress(List<int> values) : IProgress<int>
    {
        public void Report(int value) => values.Add(value);
    }
}
