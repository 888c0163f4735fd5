using System.Net;
using Hetzner.Simulator;
using Modules.Hetzner.Tests.Support;
using Panel.Module.Testing;

namespace Modules.Hetzner.Tests.Api;

/// <summary>Issue 13 §4: every step of the Restore page keeps to the panel's content security policy.</summary>
public sealed class RestorePageTests
{
    [Fact]
    public async Task Each_step_of_the_restore_page_keeps_to_the_policy_and_says_what_it_will_do()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        var id = simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "release"));
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = await RestoreApiTests.ConnectedClientAsync(panel);

        var form = await client.GetStringAsync(new Uri($"m/hetzner/restore?snapshot={id}&mode=create", UriKind.Relative));
        var review = await client.GetStringAsync(new Uri($"m/hetzner/restore?snapshot={id}&mode=create&step=review&name=copy&type=cx32&location=nbg1", UriKind.Relative));
        var invalid = await client.GetStringAsync(new Uri($"m/hetzner/restore?snapshot={id}&mode=create&step=review&name=bad_name&type=cx32&location=nbg1", UriKind.Relative));
        var rebuild = await client.GetStringAsync(new Uri($"m/hetzner/restore?snapshot={id}&mode=rebuild", UriKind.Relative));
        var list = await client.GetStringAsync(new Uri("m/hetzner/snapshots", UriKind.Relative));

        foreach (var page in new[] { form, review, invalid, rebuild })
        {
            PageAssert.KeepsToPolicy(page);
        }

        Assert.Contains("cx32: 4 vCPU, 8 GB RAM, 80 GB disk, from 8.09 EUR a month", form, StringComparison.Ordinal);
        Assert.Contains("8.09 EUR a month (incl. VAT)", review, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"create-server-button\"", review, StringComparison.Ordinal);
        Assert.Contains("must be a valid host name", invalid, StringComparison.Ordinal);
        Assert.DoesNotContain("create-server-button", invalid, StringComparison.Ordinal);
        Assert.Contains("The panel and everything written to the server since that snapshot are lost.", rebuild, StringComparison.Ordinal);
        Assert.Contains($"/m/hetzner/restore?snapshot={id}&amp;mode=rebuild", list, StringComparison.Ordinal);
        Assert.DoesNotContain(simulator.State.Requests, r => r.Method == "POST" && r.PathAndQuery.StartsWith("/v1/servers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_name_Hetzner_says_is_taken_comes_back_beside_the_name_field_with_the_choices_kept()
    {
        await using var simulator = await SimulatorHost.StartAsync();
        var id = simulator.State.AddImage(new SeedImage(SimulatorDefaults.DemoServerId, "release"));
        await using var panel = await PanelTestHost.StartAsync(simulator);
        using var client = await RestoreApiTests.ConnectedClientAsync(panel);
        var review = $"m/hetzner/restore?snapshot={id}&mode=create&step=review&name=demo-worker&type=cx32&location=nbg1";

        using var posted = await PageTests.SendFormAsync(client, review, "hetzner-restore-create",
            ("CreateForm.Name", "demo-worker"), ("CreateForm.ServerType", "cx32"), ("CreateForm.Location", "nbg1"));
        var page = WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        PageAssert.KeepsToPolicy(page);
        Assert.Contains(
            "<div class=\"validation-message\" id=\"hetzner-server-name-error\">A server named “demo-worker” already exists in the Hetzner project. Choose another name.</div>",
            page, StringComparison.Ordinal);
        Assert.Matches("<input id=\"hetzner-server-name\" name=\"name\" value=\"demo-worker\"[^>]*aria-describedby=\"hetzner-server-name-error\" aria-invalid=\"true\"", page);
        Assert.Contains("<option value=\"cx32\" selected", page, StringComparison.Ordinal);
        Assert.Contains("<option value=\"nbg1\" selected", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"flash\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain(simulator.State.Requests, r => r is { Method: "POST", PathAndQuery: "/v1/servers", Status: 201 });
    }
}
