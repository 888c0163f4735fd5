using Microsoft.Playwright;
using netDumbster.smtp;

namespace PanelHost.Tests.Alerts;

/// <summary>The Alerts page in a real browser against a real SMTP server on loopback.</summary>
public sealed class AlertsBrowserTests
{
    [Fact]
    public async Task An_admin_adds_a_mail_channel_sees_field_errors_and_the_test_alerts_outcome()
    {
        using var smtp = Configuration.Configure().WithAddress(System.Net.IPAddress.Loopback).WithRandomPort().Build();
        using var factory = new PanelFactory(new PanelFactoryOptions { Kestrel = true });
        factory.StartServer();
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync();
        await Browser.LogInAsync(page, baseUrl, PanelFactory.AdminUser, PanelFactory.AdminPassword);

        await page.ClickAsync("nav.menu >> text=Alerts");
        await Assertions.Expect(page).ToHaveURLAsync(baseUrl + "/alerts");
        await page.FillAsync("#alert-smtp-host", "127.0.0.1");
        await page.FillAsync("#alert-smtp-port", "not a port");
        await page.ClickAsync("button:has-text('Add channel')");
        await Assertions.Expect(page.Locator("text=Name is required.")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("text=Port must be a whole number from 1 to 65535")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("text=From must be one e-mail address")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("channels")).ToContainTextAsync("No alert channels yet");

        await page.FillAsync("#alert-name", "Ops mailbox");
        await page.FillAsync("#alert-smtp-port", smtp.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.SelectOptionAsync("#alert-smtp-security", "none");
        await page.FillAsync("#alert-mail-from", "panel@example.test");
        await page.FillAsync("#alert-mail-to", "ops@example.test");
        await page.ClickAsync("button:has-text('Add channel')");
        await Assertions.Expect(page).ToHaveURLAsync(baseUrl + "/alerts");
        await Assertions.Expect(page.GetByTestId("alerts-flash")).ToHaveTextAsync("Channel “Ops mailbox” added. Send it a test alert to check it.");

        await page.ClickAsync("button:has-text('Send test alert')");
        await Assertions.Expect(page.GetByTestId("alerts-flash")).ToHaveTextAsync("Test alert sent to “Ops mailbox”.");
        Assert.Equal(1, smtp.ReceivedEmailCount);
        await Assertions.Expect(page.GetByTestId("channel-state")).ToContainTextAsync("Delivered");

        // The same server asked for STARTTLS, which it does not offer: the page says exactly that.
        await page.ClickAsync("a:has-text('Edit')");
        await page.SelectOptionAsync("#alert-smtp-security", "starttls");
        await page.ClickAsync("button:has-text('Save changes')");
        await Assertions.Expect(page.GetByTestId("alerts-flash")).ToHaveTextAsync("Channel “Ops mailbox” saved.");
        await page.ClickAsync("button:has-text('Send test alert')");
        var error = $"SMTP server 127.0.0.1:{smtp.Configuration.Port}: The SMTP server does not support the STARTTLS extension.";
        await Assertions.Expect(page.GetByTestId("alerts-flash")).ToHaveTextAsync($"Test alert to “Ops mailbox” failed: {error}");
        await Assertions.Expect(page.GetByTestId("channel-state")).ToContainTextAsync("Failing");
        await Assertions.Expect(page.GetByTestId("channel-state")).ToContainTextAsync(error);
        Assert.Empty(await PageSweep.CheckCurrentAsync(page, "alerts"));
    }
}
