using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Hetzner.Simulator.Tests.Api;

/// <summary>Hetzner's own Backups in the simulator: the server's <c>backup_window</c>, the two actions, a backup a day
/// in 7 slots, disable deleting the server's backups, and the prices the cost is computed from.</summary>
public sealed class ServerBackupTests
{
    [Fact]
    public async Task Enable_sets_the_window_takes_a_backup_a_day_in_seven_slots_and_disable_deletes_them()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));
        await using var sim = await SimulatorHost.StartAsync(o => o.TimeProvider = time);
        sim.State.ActionDuration = TimeSpan.FromSeconds(2);
        using var api = new ApiClient(sim);
        Assert.Equal(JsonValueKind.Null, (await api.GetAsync("servers/42")).Json.GetProperty("server").GetProperty("backup_window").ValueKind);

        var enabled = await api.SendAsync(HttpMethod.Post, "servers/42/actions/enable_backup", "{}");

        Assert.Equal(201, enabled.Status);
        var action = enabled.Json.GetProperty("action");
        Assert.Equal(("enable_backup", "running"), (action.GetProperty("command").GetString(), action.GetProperty("status").GetString()));
        Assert.Equal([("server", 42L)], action.GetProperty("resources").EnumerateArray().Select(r => (r.GetProperty("type").GetString(), r.GetProperty("id").GetInt64())));
        // A second action on the server while this one runs is refused, as Hetzner does.
        Assert.Equal("locked", (await api.SendAsync(HttpMethod.Post, "servers/42/actions/disable_backup", null)).ErrorCode);
        Assert.Equal("22-02", (await api.GetAsync("servers/42")).Json.GetProperty("server").GetProperty("backup_window").GetString());

        time.Advance(TimeSpan.FromDays(9));
        var backups = (await api.GetAsync("images?type=backup&bound_to=42")).Json.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal(7, backups.Count);
        Assert.All(backups, b => Assert.Equal(("backup", 42L), (b.GetProperty("type").GetString(), b.GetProperty("bound_to").GetInt64())));
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 22, 0, 0, TimeSpan.Zero), backups.Min(b => b.GetProperty("created").GetDateTimeOffset()));
        Assert.Empty((await api.GetAsync("images?type=backup&bound_to=43")).Json.GetProperty("images").EnumerateArray());

        var disabled = await api.SendAsync(HttpMethod.Post, "servers/42/actions/disable_backup", null);

        Assert.Equal(201, disabled.Status);
        Assert.Equal("disable_backup", disabled.Json.GetProperty("action").GetProperty("command").GetString());
        Assert.Equal(JsonValueKind.Null, (await api.GetAsync("servers/42")).Json.GetProperty("server").GetProperty("backup_window").ValueKind);
        Assert.DoesNotContain(sim.State.Images, i => i.Type == "backup");
    }

    [Fact]
    public async Task Unknown_servers_bodies_with_fields_and_failed_actions_are_refused_as_Hetzner_does()
    {
        await using var sim = await SimulatorHost.StartAsync();
        sim.State.ActionDuration = TimeSpan.FromMilliseconds(100);
        using var api = new ApiClient(sim);

        Assert.Equal("not_found", (await api.SendAsync(HttpMethod.Post, "servers/999/actions/enable_backup", "{}")).ErrorCode);
        Assert.Equal("invalid_input", (await api.SendAsync(HttpMethod.Post, "servers/42/actions/enable_backup", """{"type":"x"}""")).ErrorCode);
        Assert.Equal("token_readonly", (await new ApiClient(sim, SimulatorDefaults.ReadOnlyToken).SendAsync(HttpMethod.Post, "servers/42/actions/enable_backup", "{}")).ErrorCode);

        sim.State.InjectFault(new Fault(FaultKind.ActionError, PathContains: "enable_backup"));
        var failing = await api.SendAsync(HttpMethod.Post, "servers/42/actions/enable_backup", "{}");
        await Task.Delay(300);
        var action = (await api.GetAsync($"actions/{failing.Json.GetProperty("action").GetProperty("id").GetInt64()}")).Json.GetProperty("action");

        Assert.Equal("error", action.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, (await api.GetAsync("servers/42")).Json.GetProperty("server").GetProperty("backup_window").ValueKind);
    }

    [Fact]
    public async Task Pricing_carries_the_backup_percentage_and_the_monthly_price_of_the_servers_type()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var api = new ApiClient(sim);

        var pricing = (await api.GetAsync("pricing")).Json.GetProperty("pricing");

        Assert.Equal("20.00", pricing.GetProperty("server_backup").GetProperty("percentage").GetString());
        // The demo server's type, among the catalog's others (restore offers them all).
        var type = Assert.Single(pricing.GetProperty("server_types").EnumerateArray(), t => t.GetProperty("name").GetString() == "cx22");
        var fsn1 = type.GetProperty("prices").EnumerateArray().Single(p => p.GetProperty("location").GetString() == "fsn1");
        Assert.Equal(("3.7900", "4.5101"), (fsn1.GetProperty("price_monthly").GetProperty("net").GetString(), fsn1.GetProperty("price_monthly").GetProperty("gross").GetString()));
        var server = (await api.GetAsync("servers/42")).Json.GetProperty("server");
        Assert.Equal(("cx22", "fsn1"), (server.GetProperty("server_type").GetProperty("name").GetString(), server.GetProperty("location").GetProperty("name").GetString()));
    }
}
