using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using netDumbster.smtp;

namespace PanelHost.Tests.Alerts;

/// <summary>The Alerts page in a real browser against a real SMTP server and a real webhook receiver on loopback.</summary>
public sealed class AlertsBrowserTests
{
    [Fact]
    public async Task An_admin_adds_a_mail_channel_sees_field_errors_and_the_test_alerts_outcome()
    {
        using var smtp = Configuration.Configure().WithAddress(System.Net.IPAddress.Loopback).WithRandomPort().Build();
        await using var admin = await LoggedInAdmin.StartAsync();
        var (page, baseUrl) = (admin.Page, admin.BaseUrl);

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

    [Fact]
    public async Task An_admin_adds_a_webhook_channel_whose_test_alert_arrives_signed_and_whose_url_is_only_shown_masked()
    {
        const string secret = "whsec-browser-0123456789";
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var admin = await LoggedInAdmin.StartAsync();
        var (page, baseUrl) = (admin.Page, admin.BaseUrl);
        await page.GotoAsync(baseUrl + "/alerts");

        // A URL that is not http(s): the error stands beside the URL field and nothing is stored.
        await page.FillAsync("#alert-name", "Ops hook");
        await page.SelectOptionAsync("#alert-kind", "webhook");
        await page.FillAsync("#alert-webhook-url", "ftp://hooks.example.test/services/T/B/X");
        await page.FillAsync("#alert-webhook-secret", secret);
        await page.ClickAsync("button:has-text('Add channel')");
        await Assertions.Expect(page.Locator(".field:has(#alert-webhook-url) .validation-message"))
            .ToHaveTextAsync("Webhook URL must be an absolute http:// or https:// address.");
        await Assertions.Expect(page.Locator(".validation-message")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("channels")).ToContainTextAsync("No alert channels yet");
        await page.GotoAsync(baseUrl + "/alerts");
        await Assertions.Expect(page.GetByTestId("channels")).ToContainTextAsync("No alert channels yet");

        await page.FillAsync("#alert-name", "Ops hook");
        await page.SelectOptionAsync("#alert-kind", "webhook");
        await page.FillAsync("#alert-webhook-url", receiver.SecretUrl);
        await page.FillAsync("#alert-webhook-secret", secret);
        await page.ClickAsync("button:has-text('Add channel')");
        await Assertions.Expect(page.GetByTestId("alerts-flash")).ToHaveTextAsync("Channel “Ops hook” added. Send it a test alert to check it.");

        // Shown as scheme and host only: the path is the credential of a Slack or Discord webhook.
        var masked = new Uri(receiver.Url).GetLeftPart(UriPartial.Authority) + "/…";
        await Assertions.Expect(page.Locator("tr[data-channel='Ops hook']")).ToContainTextAsync(masked);
        Assert.DoesNotContain(WebhookReceiver.SecretPath, await page.ContentAsync(), StringComparison.Ordinal);

        await page.ClickAsync("button:has-text('Send test alert')");
        await Assertions.Expect(page.GetByTestId("alerts-flash")).ToHaveTextAsync("Test alert sent to “Ops hook”.");
        await Assertions.Expect(page.GetByTestId("channel-state")).ToContainTextAsync("Delivered");
        var hook = Assert.Single(receiver.Received);
        Assert.EndsWith("/services/T0001/B0002/" + WebhookReceiver.SecretPath, hook.Path, StringComparison.Ordinal);
        // The signature as docs/alerts.md tells a receiver to check it: HMAC-SHA256 of the raw body, keyed with the secret.
        var expected = Encoding.ASCII.GetBytes("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), hook.Body)));
        Assert.True(CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(hook.Headers["X-PanelHost-Signature"])), hook.Headers["X-PanelHost-Signature"]);
        Assert.Equal("test", hook.Headers["X-PanelHost-Event"]);
        Assert.StartsWith("application/json", hook.Headers["Content-Type"], StringComparison.Ordinal);
        using (var body = JsonDocument.Parse(hook.Body))
        {
            Assert.True(body.RootElement.GetProperty("test").GetBoolean());
            Assert.Equal("Test alert", body.RootElement.GetProperty("title").GetString());
            Assert.Equal($"*[PanelHost {Environment.MachineName}] Info: Test alert*\nThis is a test alert from PanelHost. If you read this, the channel works.", body.RootElement.GetProperty("text").GetString());
        }

        // Editing shows the mask as a placeholder and never puts the URL back into the page.
        await page.ClickAsync("a:has-text('Edit')");
        await Assertions.Expect(page.Locator("#alert-webhook-url")).ToHaveValueAsync("");
        await Assertions.Expect(page.Locator("#alert-webhook-url")).ToHaveAttributeAsync("placeholder", $"Unchanged ({masked})");
        Assert.DoesNotContain(WebhookReceiver.SecretPath, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Empty(await PageSweep.CheckCurrentAsync(page, "alerts"));
    }

    /// <summary>A panel on a real loopback socket and a browser page logged in as its admin.</summary>
    private sealed class LoggedInAdmin(PanelFactory factory, BrowserSession browser, IPage page, string baseUrl) : IAsyncDisposable
    {
        public IPage Page => page;

        public string BaseUrl => baseUrl;

        public static async Task<LoggedInAdmin> StartAsync()
        {
            var factory = new PanelFactory(new PanelFactoryOptions { Kestrel = true });
            factory.StartServer();
            var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
            var browser = await Browser.LaunchAsync();
            var page = await browser.NewPageAsync();
            await Browser.LogInAsync(page, baseUrl, PanelFactory.AdminUser, PanelFactory.AdminPassword);
            return new LoggedInAdmin(factory, browser, page, baseUrl);
        }

        public async ValueTask DisposeAsync()
        {
            await browser.DisposeAsync();
            await factory.DisposeAsync();
        }
    }
}
