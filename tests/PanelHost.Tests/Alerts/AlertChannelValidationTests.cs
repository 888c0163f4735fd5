using Microsoft.EntityFrameworkCore;
using PanelHost.Alerts;

namespace PanelHost.Tests.Alerts;

/// <summary>Bad input is refused field by field, each message naming the field's label, and nothing is stored.</summary>
public sealed class AlertChannelValidationTests
{
    private static readonly Dictionary<string, (AlertChannelInput Input, string Field, string Message)> Cases = new()
    {
        ["blank name"] = (Email() with { Name = " " }, "Name", "Name is required."),
        ["unknown type"] = (Email() with { Kind = "pager" }, "Kind", "Type must be “email” or “webhook”."),
        ["no server"] = (Email() with { SmtpHost = "" }, "SmtpHost", "SMTP server is required."),
        ["server as URL"] = (Email() with { SmtpHost = "smtp://mail.example.com:587" }, "SmtpHost", "SMTP server must be a host name or an IP address, without “smtp://” or a port."),
        ["port 0"] = (Email() with { SmtpPort = 0 }, "SmtpPort", "Port must be a whole number from 1 to 65535 (587 for STARTTLS, 465 for TLS, 25 for none)."),
        ["unknown security"] = (Email() with { SmtpSecurity = "ssl3" }, "SmtpSecurity", "Security must be “starttls”, “tls” or “none”."),
        ["user without password"] = (Email() with { SmtpUser = "panel", SmtpPassword = "" }, "SmtpPassword", "Password is required when a user name is given."),
        ["bad sender"] = (Email() with { MailFrom = "not an address" }, "MailFrom", "From must be one e-mail address, for example panel@example.com."),
        ["no recipient"] = (Email() with { MailTo = "" }, "MailTo", "To must be one or more e-mail addresses, separated by commas."),
        ["ftp URL"] = (Webhook() with { WebhookUrl = "ftp://example.com/x" }, "WebhookUrl", "Webhook URL must be an absolute http:// or https:// address."),
        ["no secret"] = (Webhook() with { WebhookSecret = "" }, "WebhookSecret", "Signing secret is required (at least 16 characters); the receiver checks the signature with it."),
        ["short secret"] = (Webhook() with { WebhookSecret = "short" }, "WebhookSecret", "Signing secret must be at least 16 characters."),
    };

    public static TheoryData<string> BadInput => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_names_the_field_and_stores_nothing(string @case)
    {
        var (input, field, message) = Cases[@case];
        await using var alerts = await AlertHarness.StartAsync();

        var (channel, errors) = await alerts.Channels.SaveAsync(input, CancellationToken.None);

        Assert.Null(channel);
        Assert.Equal(message, errors[field]);
        Assert.Single(errors);
        Assert.Equal(0, await alerts.QueryAsync(db => db.AlertChannels.CountAsync()));
    }

    [Fact]
    public async Task Good_input_of_each_kind_is_stored()
    {
        await using var alerts = await AlertHarness.StartAsync();

        Assert.Empty((await alerts.Channels.SaveAsync(Email(), CancellationToken.None)).Errors);
        Assert.Empty((await alerts.Channels.SaveAsync(Webhook(), CancellationToken.None)).Errors);

        Assert.Equal(2, await alerts.QueryAsync(db => db.AlertChannels.CountAsync()));
    }

    private static AlertChannelInput Email() => new()
    {
        Name = "Mail",
        Kind = "email",
        SmtpHost = "smtp.example.com",
        SmtpPort = 587,
        SmtpSecurity = "starttls",
        MailFrom = "panel@example.com",
        MailTo = "ops@example.com",
    };

    private static AlertChannelInput Webhook() => new()
    {
        Name = "Hook",
        Kind = "webhook",
        WebhookUrl = "https://hooks.example.com/abc",
        WebhookSecret = "0123456789abcdef",
    };
}
