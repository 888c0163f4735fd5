using System.Text;
using MimeKit;
using netDumbster.smtp;
using Panel.Contracts;

namespace PanelHost.Tests.Alerts;

/// <summary>E-mail alerts against a real SMTP server on loopback (netDumbster): what arrives, and the exact error when
/// the server cannot do what the channel asks, and a login.</summary>
public sealed class EmailAlertTests
{
    [Fact]
    public async Task A_critical_notification_arrives_by_mail_with_its_subject_body_sender_and_recipients()
    {
        using var smtp = Configuration.Configure().WithAddress(System.Net.IPAddress.Loopback).WithRandomPort().Build();
        await using var alerts = await AlertHarness.StartAsync();
        await alerts.AddEmailAsync(smtp.Configuration.Port, security: "none");

        await alerts.Notifier.RaiseAsync(new AdminNotification("hetzner", NotificationSeverity.Critical, "Creating a snapshot failed", "Hetzner refused the token."));
        Assert.Null(await alerts.Dispatcher.DeliverDueAsync(CancellationToken.None));

        var mail = Parse(Assert.Single(smtp.ReceivedEmail));
        Assert.Equal($"[PanelHost {Environment.MachineName}] Critical: Creating a snapshot failed", mail.Subject);
        var from = Assert.Single(mail.From.Mailboxes);
        Assert.Equal(("PanelHost", "panel@example.test"), (from.Name, from.Address));
        Assert.Equal(["ops@example.test", "oncall@example.test"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal(
            $"Hetzner refused the token.\n\nModule: hetzner\nSeverity: Critical\nTime: 2026-11-30 08:00:00 UTC\nPanel: {Environment.MachineName}\n",
            mail.TextBody!.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Send_test_alert_reports_success_or_the_servers_exact_refusal()
    {
        using var smtp = Configuration.Configure().WithAddress(System.Net.IPAddress.Loopback).WithRandomPort().Build();
        await using var alerts = await AlertHarness.StartAsync();
        var plain = await alerts.AddEmailAsync(smtp.Configuration.Port, security: "none", name: "Plain");
        var starttls = await alerts.AddEmailAsync(smtp.Configuration.Port, security: "starttls", name: "Wants STARTTLS");
        var login = await alerts.AddEmailAsync(smtp.Configuration.Port, security: "none", name: "Wants a login", user: "panel", password: "mail-password-123");

        Assert.Equal((true, (string?)null), await alerts.Channels.SendTestAsync(plain, CancellationToken.None));
        Assert.Equal("[PanelHost " + Environment.MachineName + "] Info: Test alert", Parse(Assert.Single(smtp.ReceivedEmail)).Subject);

        var (_, tlsError) = await alerts.Channels.SendTestAsync(starttls, CancellationToken.None);
        Assert.Equal($"SMTP server 127.0.0.1:{smtp.Configuration.Port}: The SMTP server does not support the STARTTLS extension.", tlsError);
        // netDumbster accepts any login: this shows the stored password is decrypted and the AUTH exchange completes.
        Assert.Equal((true, (string?)null), await alerts.Channels.SendTestAsync(login, CancellationToken.None));
        Assert.Equal(2, smtp.ReceivedEmailCount);

        var states = (await alerts.Channels.ListAsync(CancellationToken.None)).ToDictionary(c => c.Name);
        Assert.False(states["Plain"].Failing);
        Assert.Equal(tlsError, states["Wants STARTTLS"].LastError);
        // The password is stored encrypted and never shown.
        Assert.Equal("••••••••-123", states["Wants a login"].SecretMask);
    }

    private static MimeMessage Parse(SmtpMessage message) =>
        MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(message.Data)));
}
