using Hetzner.Simulator;
using Microsoft.EntityFrameworkCore;
using Modules.Hetzner.Tests.Support;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Features.GetSettings;
using Panel.Modules.Hetzner.Features.SaveApiToken;

namespace Modules.Hetzner.Tests.Features;

public sealed class SaveApiTokenTests
{
    [Fact]
    public async Task A_read_write_token_is_stored_encrypted_and_shown_masked()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);

        var saved = await module.SaveTokenAsync();

        Assert.Equal(SimulatorDefaults.DemoServerId, saved.ServerId);
        Assert.Equal(SimulatorDefaults.DemoServerName, saved.ServerName);
        Assert.Equal("hclo••••••••6789", saved.TokenMask);
        var stored = await module.QueryDbAsync(db => db.Settings.SingleAsync());
        Assert.DoesNotContain(SimulatorDefaults.ReadWriteToken, stored.ProtectedToken!, StringComparison.Ordinal);
        var view = await module.SendAsync(new GetSettingsQuery());
        Assert.Equal(saved.TokenMask, view.Token!.Mask);
        var audit = Assert.Single(module.Audit.Events);
        Assert.Equal("HETZNER_API_TOKEN_UPDATE", audit.Code);
        Assert.Contains(saved.TokenMask, audit.Details, StringComparison.Ordinal);
        Assert.DoesNotContain(SimulatorDefaults.ReadWriteToken, audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_token_is_refused_beside_the_field_and_nothing_is_stored()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);

        var refused = await Assert.ThrowsAsync<ValidationException>(() => module.SaveTokenAsync(new string('x', 64)));

        Assert.Contains("did not accept this token", Assert.Single(refused.Errors["token"]), StringComparison.Ordinal);
        await AssertNothingStoredAsync(module);
    }

    [Fact]
    public async Task A_read_only_token_is_refused_with_its_own_sentence()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);

        var refused = await Assert.ThrowsAsync<ValidationException>(() => module.SaveTokenAsync(SimulatorDefaults.ReadOnlyToken));

        Assert.Contains("read-only", Assert.Single(refused.Errors["token"]), StringComparison.Ordinal);
        Assert.Empty(simulator.State.Images);
        await AssertNothingStoredAsync(module);
    }

    [Fact]
    public async Task A_panel_that_is_not_on_a_Hetzner_server_is_told_so()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator, metadataBaseUrl: "http://127.0.0.1:9/hetzner/v1/metadata");

        var refused = await Assert.ThrowsAsync<ValidationException>(() => module.SaveTokenAsync());

        Assert.Contains("does not seem to run on a Hetzner Cloud server", Assert.Single(refused.Errors["token"]), StringComparison.Ordinal);
        await AssertNothingStoredAsync(module);
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("abc\ndef", "control or invisible characters")]
    [InlineData("abc def", "letters, digits")]
    public async Task Invalid_input_never_reaches_Hetzner(string token, string expected)
    {
        await using var simulator = await SimulatorHost.StartAsync();
        await using var module = await ModuleHarness.StartAsync(simulator);
        simulator.State.ClearRequests();

        var refused = await Assert.ThrowsAsync<ValidationException>(() => module.SaveTokenAsync(token));

        Assert.Contains(expected, Assert.Single(refused.Errors["token"]), StringComparison.Ordinal);
        Assert.Equal(0, simulator.State.RequestCount);
        await AssertNothingStoredAsync(module);
    }

    [Fact]
    public void The_request_never_prints_the_token() =>
        Assert.DoesNotContain("secret", new SaveApiTokenCommand("secret-token").ToString(), StringComparison.Ordinal);

    private static async Task AssertNothingStoredAsync(ModuleHarness module)
    {
        var stored = await module.QueryDbAsync(db => db.Settings.SingleAsync());
        Assert.Null(stored.ProtectedToken);
        Assert.Null(stored.TokenMask);
        Assert.Empty(module.Audit.Events);
    }
}
