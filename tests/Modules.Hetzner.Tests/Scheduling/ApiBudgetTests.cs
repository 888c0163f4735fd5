using System.Text.RegularExpressions;
using Hetzner.Simulator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Modules.Hetzner.Tests.Support;
using Panel.Modules.Hetzner.Features.ListSnapshots;
using Panel.Modules.Hetzner.Features.SaveSnapshotSettings;

namespace Modules.Hetzner.Tests.Scheduling;

/// <summary>
/// The Hetzner API budget (3,600 requests an hour per project, ADR-0026), counted in the simulator's request log with
/// 1,000 snapshots: one list pass per automatic run, at most 36 requests an hour while nobody looks, and changes made
/// in the Hetzner Console still on the tab within a refresh interval while someone looks.
/// </summary>
public sealed partial class ApiBudgetTests
{
    private const int Snapshots = 1000;
    private const int PageSize = 50;
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task An_automatic_run_reads_the_list_once_besides_its_create_action_polls_and_deletes()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        await using var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        await using var module = await ModuleHarness.StartAsync(simulator, time);
        Seed(simulator, Snapshots - 3);
        for (var i = 0; i < 3; i++)
        {
            simulator.State.AddImage(new SeedImage(42, $"auto-expired-{i}", FakeClock.Start.AddDays(-10 - i), new Dictionary<string, string>
            {
                ["managed-by"] = "panelhost",
                ["panelhost.io/schedule"] = "auto",
                ["panelhost.io/server"] = "42",
            }));
        }

        await module.SaveTokenAsync();
        // The first refresh also reads the price and the server, which are then kept for a day.
        await time.DriveAsync(module.RunSchedulerPassAsync());
        await module.SendAsync(new SaveSnapshotSettingsCommand(true, 12, 7, 1));
        simulator.State.ClearRequests();

        await time.DriveAsync(module.RunSchedulerPassAsync());

        var run = await module.QueryDbAsync(db => db.Runs.SingleAsync());
        Assert.Equal((3, 0), (run.PrunedCount, run.PruneFailedCount));
        var api = ApiRequests(simulator);
        var listPages = api.Count(IsFullListPage);
        var polls = api.Count(r => r.PathAndQuery.StartsWith("/v1/actions/", StringComparison.Ordinal));
        Assert.Equal(1, api.Count(r => IsFullListPage(r) && FirstPage().IsMatch(r.PathAndQuery)));
        Assert.Equal((Snapshots + 1 + PageSize - 1) / PageSize, listPages);
        Assert.Equal(1, api.Count(r => r.PathAndQuery.Contains("create_image", StringComparison.Ordinal)));
        Assert.Equal(3, api.Count(r => r.Method == "DELETE"));
        Assert.True(polls > 0);
        // Besides those: the run's label lookup (no duplicate create) and one read of the finished snapshot.
        Assert.Equal(listPages + 1 + polls + 3 + 2, api.Count);
    }

    [Fact]
    public async Task Nobody_looking_costs_at_most_36_requests_in_any_hour()
    {
        await using var panel = await IdlePanel.StartAsync(TimeSpan.Zero);
        panel.Simulator.State.ClearRequests();
        var start = panel.Time.GetUtcNow();

        await panel.RunPassesForAsync(TimeSpan.FromHours(4));

        var perHour = ApiRequests(panel.Simulator)
            .Where(r => r.At < start.AddHours(4))
            .GroupBy(r => (int)((r.At - start).TotalHours))
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal([0, 1, 2, 3], perHour.Keys.Order());
        // At least the newest page every refresh interval, and no more than 1% of the budget.
        Assert.All(perHour.Values, count => Assert.InRange(count, 12, 36));
    }

    [Fact]
    public async Task While_nobody_looks_a_snapshot_made_in_the_console_shows_within_a_refresh_interval()
    {
        await using var panel = await IdlePanel.StartAsync(TimeSpan.FromMinutes(30));

        var made = panel.Simulator.State.AddImage(new SeedImage(42, "made-in-console", panel.Time.GetUtcNow()));
        await panel.RunPassesForAsync(RefreshInterval);

        Assert.True(await panel.InMirrorAsync(made));
    }

    [Fact]
    public async Task While_someone_looks_an_old_snapshot_deleted_in_the_console_goes_within_a_refresh_interval()
    {
        await using var panel = await IdlePanel.StartAsync(TimeSpan.FromMinutes(30));
        await panel.Module.SendAsync(new ListSnapshotsQuery(1, 20));

        await panel.Simulator.DeleteImageAsync(panel.Oldest);
        await panel.RunPassesForAsync(RefreshInterval);

        Assert.False(await panel.InMirrorAsync(panel.Oldest));
    }

    [Fact]
    public async Task The_first_view_after_a_quiet_spell_reads_every_page_at_once()
    {
        await using var panel = await IdlePanel.StartAsync(TimeSpan.FromMinutes(50));
        await panel.Simulator.DeleteImageAsync(panel.Oldest);

        await panel.Module.SendAsync(new ListSnapshotsQuery(1, 20));
        await panel.Time.DriveAsync(panel.Module.RunSchedulerPassAsync());

        Assert.False(await panel.InMirrorAsync(panel.Oldest));
    }

    /// <summary>Manual snapshots of server 42, one an hour back from the start; newest first.</summary>
    private static List<long> Seed(SimulatorHost simulator, int count) =>
        [.. Enumerable.Range(1, count).Select(i => simulator.State.AddImage(new SeedImage(42, $"seed-{i}", FakeClock.Start.AddHours(-i))))];

    private static List<LoggedRequest> ApiRequests(SimulatorHost simulator) =>
        [.. simulator.State.Requests.Where(r => r.PathAndQuery.StartsWith("/v1/", StringComparison.Ordinal))];

    [GeneratedRegex("[?&]page=1(&|$)")]
    private static partial Regex FirstPage();

    private static bool IsFullListPage(LoggedRequest request) =>
        request.Method == "GET" && request.PathAndQuery.StartsWith("/v1/images?", StringComparison.Ordinal)
        && !request.PathAndQuery.Contains("label_selector", StringComparison.Ordinal);

    /// <summary>A panel with a token and 1,000 snapshots, its first refresh done, then left alone for a while.</summary>
    private sealed class IdlePanel(FakeTimeProvider time, SimulatorHost simulator, ModuleHarness module, long oldest) : IAsyncDisposable
    {
        public FakeTimeProvider Time => time;

        public SimulatorHost Simulator => simulator;

        public ModuleHarness Module => module;

        public long Oldest => oldest;

        public static async Task<IdlePanel> StartAsync(TimeSpan quiet)
        {
            var time = new FakeTimeProvider(FakeClock.Start);
            var simulator = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
            var module = await ModuleHarness.StartAsync(simulator, time);
            var panel = new IdlePanel(time, simulator, module, Seed(simulator, Snapshots)[^1]);
            await module.SaveTokenAsync();
            await time.DriveAsync(module.RunSchedulerPassAsync());
            await panel.RunPassesForAsync(quiet);
            return panel;
        }

        /// <summary>What the background worker does: a pass, then sleep until the wake-up it returned.</summary>
        public async Task RunPassesForAsync(TimeSpan span)
        {
            var end = time.GetUtcNow() + span;
            while (true)
            {
                var wake = await time.DriveAsync(module.RunSchedulerPassAsync());
                if (wake.At is not { } at || at > end)
                {
                    time.SetUtcNow(end > time.GetUtcNow() ? end : time.GetUtcNow());
                    return;
                }

                // As the worker: a wake-up already past is retried a second later.
                time.SetUtcNow(at > time.GetUtcNow() ? at : time.GetUtcNow().AddSeconds(1));
            }
        }

        public Task<bool> InMirrorAsync(long imageId) => module.QueryDbAsync(db => db.Snapshots.AnyAsync(s => s.Id == imageId));

        public async ValueTask DisposeAsync()
        {
            await module.DisposeAsync();
            await simulator.DisposeAsync();
        }
    }
}
