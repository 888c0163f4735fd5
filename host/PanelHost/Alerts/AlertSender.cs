using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace PanelHost.Alerts;

/// <summary>The JSON body of a webhook alert (docs/alerts.md). <c>text</c> is what Slack shows, <c>content</c> what
/// Discord shows; the other fields are for receivers that read the alert themselves.</summary>
internal sealed record WebhookBody(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("panel")] string Panel,
    [property: JsonPropertyName("module")] string Module,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("test")] bool Test);

/// <summary>Sends one alert through one channel, once; retrying is the dispatcher's business. Every failure becomes an
/// <see cref="AlertDeliveryException"/> whose message is the exact reason.</summary>
internal sealed class AlertSender(IHttpClientFactory httpClients, AlertSecrets secrets)
{
    public const string HttpClientName = "alerts";

    public const string SignatureHeader = "X-PanelHost-Signature";

    public const string EventHeader = "X-PanelHost-Event";

    /// <summary>Discord refuses a <c>content</c> longer than this.</summary>
    private const int DiscordContentLimit = 2000;

    private static readonly TimeSpan SmtpTimeout = TimeSpan.FromSeconds(30);

    public async Task SendAsync(AlertChannel channel, AlertMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            if (channel.Kind == AlertChannelKind.Webhook)
            {
                await PostAsync(channel, message, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await MailAsync(channel, message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (AlertDeliveryException)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException ex)
        {
            throw new AlertDeliveryException($"{Target(channel)} did not answer in time.", ex);
        }
#pragma warning disable CA1031 // Whatever a mail server or receiver does wrong becomes this channel's error; it must not wedge the queue.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            throw new AlertDeliveryException($"{Target(channel)}: {ex.Message}", ex);
        }
    }

    /// <summary>HMAC-SHA256 of the exact body bytes, hex, as the signature header carries it (<c>sha256=</c> + hex).</summary>
    public static string Sign(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static WebhookBody BodyOf(AlertMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = message.ChatText;
        return new WebhookBody(text, text.Length <= DiscordContentLimit ? text : text[..(DiscordContentLimit - 1)] + "…",
            message.Panel, message.Module, message.Severity.ToString(), message.Title, message.Message, message.At, message.IsTest);
    }

    public static string Target(AlertChannel channel) => channel.Kind == AlertChannelKind.Webhook
        ? $"Webhook {channel.WebhookUrlMask}"
        : $"SMTP server {channel.SmtpHost}:{channel.SmtpPort}";

    private async Task PostAsync(AlertChannel channel, AlertMessage message, CancellationToken cancellationToken)
    {
        var secret = secrets.Unprotect(channel.ProtectedWebhookSecret ?? throw new AlertDeliveryException("The webhook has no signing secret."));
        var url = secrets.Unprotect(channel.ProtectedWebhookUrl ?? throw new AlertDeliveryException("The webhook has no URL."));
        var body = JsonSerializer.SerializeToUtf8Bytes(BodyOf(message));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(SignatureHeader, Sign(body, secret));
        request.Headers.Add(EventHeader, message.IsTest ? "test" : "alert");
        var client = httpClients.CreateClient(HttpClientName);
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            text = text.Length > 200 ? text[..200] + "…" : text;
            throw new AlertDeliveryException(
                $"{Target(channel)} answered {(int)response.StatusCode} {response.ReasonPhrase}{(text.Length > 0 ? ": " + text : "")}");
        }
    }

    private async Task MailAsync(AlertChannel channel, AlertMessage message, CancellationToken cancellationToken)
    {
        using var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(channel.MailFrom ?? ""));
        mail.To.AddRange(InternetAddressList.Parse(channel.MailTo ?? ""));
        mail.Subject = message.Subject;
        mail.Body = new TextPart("plain") { Text = message.MailBody };
        var certificateCheck = new SmtpCertificateCheck(channel.SmtpHost ?? "");
        using var smtp = new SmtpClient
        {
            Timeout = (int)SmtpTimeout.TotalMilliseconds,
            CheckCertificateRevocation = true,
            ServerCertificateValidationCallback = certificateCheck.Validate,
        };
        var options = channel.SmtpSecurity switch
        {
            SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
            SmtpSecurity.None => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        };
        try
        {
            await smtp.ConnectAsync(channel.SmtpHost ?? "", channel.SmtpPort ?? 0, options, cancellationToken).ConfigureAwait(false);
        }
        catch (SslHandshakeException ex) when (certificateCheck.Refusal is { } refusal)
        {
            // MailKit's own text is several lines of bullets; the channel's error is shown in one line.
            throw new AlertDeliveryException($"{Target(channel)}: its certificate is not trusted: {refusal}", ex);
        }

        if (!string.IsNullOrEmpty(channel.SmtpUser) && channel.ProtectedSmtpPassword is { } protectedPassword)
        {
            await smtp.AuthenticateAsync(channel.SmtpUser, secrets.Unprotect(protectedPassword), cancellationToken).ConfigureAwait(false);
        }

        await smtp.SendAsync(mail, cancellationToken).ConfigureAwait(false);
        await smtp.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
    }
}
