extern alias simulator;

using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fault = simulator::Hetzner.Simulator.Fault;
using FaultKind = simulator::Hetzner.Simulator.FaultKind;
using SimulatorDefaults = simulator::Hetzner.Simulator.SimulatorDefaults;
using SimulatorHost = simulator::Hetzner.Simulator.SimulatorHost;

namespace PanelHost.Tests.Alerts;

/// <summary>The durable alert queue across a <c>kill -9</c> of the real host (ADR-0032): an alert queued while its
/// receiver is down is delivered after the restart, once, signed.</summary>
public sealed class AlertRestartTests
{
    private const string Secret = "whsec-restart-0123456789";
    private const string Title = "Creating a snapshot failed";

    [Fact]
    public async Task An_alert_queued_when_the_panel_is_killed_arrives_exactly_once_after_the_restart_with_a_valid_signature()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Refusing = true;
        await using var hetzner = await SimulatorHost.StartAsync();
        hetzner.State.ActionDuration = TimeSpan.FromMilliseconds(200);
        using var folder = new TempDataFolder("panel-alert-restart-");
        var environment = PanelProcess.HetznerSettings(hetzner.ApiBaseUrl, hetzner.MetadataBaseUrl);
        // Retried every second or two and never dropped while the test runs.
        environment["Panel__Alerts__FirstRetry"] = "00:00:01";
        environment["Panel__Alerts__MaxRetryDelay"] = "00:00:02";
        environment["Panel__Alerts__MaxAttempts"] = "1000";

        using (var first = PanelProcess.Start(folder.Path, bootstrap: true, environment))
        {
            await first.WaitUntilHealthyAsync();
            await first.SaveHetznerTokenAsync(SimulatorDefaults.ReadWriteToken);
            using var api = first.ApiClient();

            using (var channel = await api.PostAsJsonAsync("api/alerts/channels", new { name = "Ops hook", kind = "webhook", webhookUrl = receiver.Url, webhookSecret = Secret }))
            {
                Assert.True(channel.StatusCode == HttpStatusCode.Created, await channel.Content.ReadAsStringAsync());
            }

            // A manual snapshot whose action fails raises the Critical alert.
            hetzner.State.InjectFault(new Fault(FaultKind.ActionError, "POST", "create_image"));
            using (var snapshot = await api.PostAsJsonAsync("api/modules/hetzner/snapshots", new { description = "manual" }))
            {
                Assert.True(snapshot.IsSuccessStatusCode, await snapshot.Content.ReadAsStringAsync());
            }

            // Queued, tried and refused at least once: then the panel dies without any chance to clean up.
            await first.WaitForAsync(() => Task.FromResult(receiver.Received.Count(IsTheAlert)), refused => refused >= 1);
            first.Process.Kill();
            await first.Process.WaitForExitAsync();
        }

        Assert.All(receiver.Received.Where(IsTheAlert), r => Assert.Equal(500, r.Status));
        receiver.Refusing = false;

        using var second = PanelProcess.Start(folder.Path, bootstrap: true, environment);
        await second.WaitUntilHealthyAsync();
        using var client = second.ApiClient();
        var delivered = await second.WaitForAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>("api/alerts/channels"))[0],
            c => c.GetProperty("queued").GetInt32() == 0 && c.GetProperty("lastSuccessAt").ValueKind != JsonValueKind.Null);
        Assert.Equal(JsonValueKind.Null, delivered.GetProperty("lastError").ValueKind);

        var accepted = Assert.Single(receiver.Received.Where(IsTheAlert), r => r.Status == 200);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), accepted.Body));
        Assert.Equal(expected, accepted.Headers["X-PanelHost-Signature"]);
        Assert.Equal("alert", accepted.Headers["X-PanelHost-Event"]);
        using var body = JsonDocument.Parse(accepted.Body);
        Assert.Equal(("Critical", "hetzner"), (body.RootElement.GetProperty("severity").GetString(), body.RootElement.GetProperty("module").GetString()));
        // The alert queued before the kill, byte for byte (its time is the time it was raised, not the restart's).
        Assert.Equal(receiver.Received.First(IsTheAlert).Body, accepted.Body);
    }

    private static bool IsTheAlert(ReceivedHook hook)
    {
        using var json = JsonDocument.Parse(hook.Body);
        return json.RootElement.GetProperty("title").GetString() == Title && !json.RootElement.GetProperty("test").GetBoolean();
    }
}
