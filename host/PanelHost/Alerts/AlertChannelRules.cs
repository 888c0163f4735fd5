using MimeKit;

namespace PanelHost.Alerts;

/// <summary>What the Alerts page and <c>SaveAlertChannel</c> send. Secrets left empty on an existing channel keep the
/// stored ones, so that editing a channel never needs the secret again.</summary>
internal sealed record AlertChannelInput
{
    public int? Id { get; init; }

    public string? Name { get; init; }

    /// <summary><c>email</c> or <c>webhook</c>.</summary>
    public string? Kind { get; init; }

    public bool Enabled { get; init; } = true;

    public string? SmtpHost { get; init; }

    public int? SmtpPort { get; init; }

    /// <summary><c>starttls</c> (default), <c>tls</c> or <c>none</c>.</summary>
    public string? SmtpSecurity { get; init; }

    public string? SmtpUser { get; init; }

    public string? SmtpPassword { get; init; }

    public string? MailFrom { get; init; }

    public string? MailTo { get; init; }

    /// <summary>Empty on an existing webhook keeps the stored URL (it is never shown again, only its mask).</summary>
    public string? WebhookUrl { get; init; }

    public string? WebhookSecret { get; init; }
}

/// <summary>Checks a channel before anything is stored; every message names the field by its label on the page.</summary>
internal static class AlertChannelRules
{
    public const int NameMaxLength = 100;

    public const int MinSecretLength = 16;

    public static AlertChannelKind? ParseKind(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "email" => AlertChannelKind.Email,
        "webhook" => AlertChannelKind.Webhook,
        _ => null,
    };

    public static SmtpSecurity? ParseSecurity(string? value) => (value ?? "").Trim().ToLowerInvariant() switch
    {
        "" or "starttls" => Alerts.SmtpSecurity.StartTls,
        "tls" => Alerts.SmtpSecurity.Tls,
        "none" => Alerts.SmtpSecurity.None,
        _ => null,
    };

    public static string Name(SmtpSecurity security) => security switch
    {
        Alerts.SmtpSecurity.Tls => "tls",
        Alerts.SmtpSecurity.None => "none",
        _ => "starttls",
    };

    public static string Name(AlertChannelKind kind) => kind == AlertChannelKind.Webhook ? "webhook" : "email";

    /// <param name="input">The submitted channel.</param>
    /// <param name="existing">The stored channel when editing; its secrets stand in for empty ones.</param>
    public static Dictionary<string, string> Check(AlertChannelInput input, AlertChannel? existing)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors[nameof(input.Name)] = "Name is required.";
        }
        else if (name.Length > NameMaxLength)
        {
            errors[nameof(input.Name)] = $"Name must be at most {NameMaxLength} characters.";
        }

        switch (ParseKind(input.Kind))
        {
            case AlertChannelKind.Email:
                CheckEmail(input, existing, errors);
                break;
            case AlertChannelKind.Webhook:
                CheckWebhook(input, existing, errors);
                break;
            default:
                errors[nameof(input.Kind)] = "Type must be “email” or “webhook”.";
                break;
        }

        return errors;
    }

    private static void CheckEmail(AlertChannelInput input, AlertChannel? existing, Dictionary<string, string> errors)
    {
        var host = input.SmtpHost?.Trim() ?? "";
        if (host.Length == 0)
        {
            errors[nameof(input.SmtpHost)] = "SMTP server is required.";
        }
        else if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            errors[nameof(input.SmtpHost)] = "SMTP server must be a host name or an IP address, without “smtp://” or a port.";
        }

        if (input.SmtpPort is not (>= 1 and <= 65535))
        {
            errors[nameof(input.SmtpPort)] = "Port must be a whole number from 1 to 65535 (587 for STARTTLS, 465 for TLS, 25 for none).";
        }

        if (ParseSecurity(input.SmtpSecurity) is null)
        {
            errors[nameof(input.SmtpSecurity)] = "Security must be “starttls”, “tls” or “none”.";
        }

        var hasPassword = !string.IsNullOrEmpty(input.SmtpPassword)
            || (existing is { ProtectedSmtpPassword: not null } && !string.IsNullOrWhiteSpace(input.SmtpUser));
        if (!string.IsNullOrWhiteSpace(input.SmtpUser) && !hasPassword)
        {
            errors[nameof(input.SmtpPassword)] = "Password is required when a user name is given.";
        }

        if (!MailboxAddress.TryParse(input.MailFrom?.Trim() ?? "", out var from) || !from.Address.Contains('@', StringComparison.Ordinal))
        {
            errors[nameof(input.MailFrom)] = "From must be one e-mail address, for example panel@example.com.";
        }

        if (!InternetAddressList.TryParse(input.MailTo?.Trim() ?? "", out var to) || to.Count == 0
            || to.Mailboxes.Any(m => !m.Address.Contains('@', StringComparison.Ordinal)))
        {
            errors[nameof(input.MailTo)] = "To must be one or more e-mail addresses, separated by commas.";
        }
    }

    private static void CheckWebhook(AlertChannelInput input, AlertChannel? existing, Dictionary<string, string> errors)
    {
        var keepsUrl = string.IsNullOrWhiteSpace(input.WebhookUrl) && existing?.ProtectedWebhookUrl is not null;
        if (!keepsUrl
            && (!Uri.TryCreate(input.WebhookUrl?.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
        {
            errors[nameof(input.WebhookUrl)] = "Webhook URL must be an absolute http:// or https:// address.";
        }

        var secret = input.WebhookSecret ?? "";
        if (secret.Length == 0 && existing?.ProtectedWebhookSecret is null)
        {
            errors[nameof(input.WebhookSecret)] = $"Signing secret is required (at least {MinSecretLength} characters); the receiver checks the signature with it.";
        }
        else if (secret.Length is > 0 and < MinSecretLength)
        {
            errors[nameof(input.WebhookSecret)] = $"Signing secret must be at least {MinSecretLength} characters.";
        }
    }
}
