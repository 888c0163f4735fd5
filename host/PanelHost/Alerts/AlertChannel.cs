namespace PanelHost.Alerts;

/// <summary>How an alert leaves the panel.</summary>
internal enum AlertChannelKind
{
    Email = 0,
    Webhook = 1,
}

/// <summary>How the SMTP connection is secured.</summary>
internal enum SmtpSecurity
{
    /// <summary>Plain SMTP upgraded with STARTTLS; refused when the server does not offer it.</summary>
    StartTls = 0,

    /// <summary>TLS from the first byte (SMTPS, usually port 465).</summary>
    Tls = 1,

    /// <summary>No encryption: only for a relay on the same machine or network.</summary>
    None = 2,
}

/// <summary>
/// Where Critical notifications go: an SMTP server or a webhook. Secrets (SMTP password, webhook signing secret, and the
/// webhook URL itself, whose path often is the credential: Slack and Discord put their token there) are stored as Data
/// Protection ciphertext, as the Hetzner token is; only their masks are shown.
/// </summary>
internal sealed class AlertChannel
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public AlertChannelKind Kind { get; set; }

    public bool Enabled { get; set; } = true;

    public string? SmtpHost { get; set; }

    public int? SmtpPort { get; set; }

    public SmtpSecurity SmtpSecurity { get; set; }

    public string? SmtpUser { get; set; }

    public string? ProtectedSmtpPassword { get; set; }

    public string? MailFrom { get; set; }

    /// <summary>One or more addresses, comma-separated.</summary>
    public string? MailTo { get; set; }

    /// <summary>The webhook URL, encrypted.</summary>
    public string? ProtectedWebhookUrl { get; set; }

    /// <summary>Scheme and host of the webhook URL followed by <c>/…</c>, for display.</summary>
    public string? WebhookUrlMask { get; set; }

    public string? ProtectedWebhookSecret { get; set; }

    /// <summary>The mask of the channel's secret (password or signing secret), for display.</summary>
    public string? SecretMask { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastSuccessAt { get; set; }

    public DateTimeOffset? LastFailureAt { get; set; }

    /// <summary>The last delivery error, cleared by the next success.</summary>
    public string? LastError { get; set; }
}

/// <summary>A Critical notification on its way to one channel: the durable queue the delivery worker empties.</summary>
internal sealed class AlertDelivery
{
    public long Id { get; set; }

    public int ChannelId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string Module { get; set; }

    public Panel.Contracts.NotificationSeverity Severity { get; set; }

    public required string Title { get; set; }

    public required string Message { get; set; }

    /// <summary>Failed attempts so far.</summary>
    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public string? LastError { get; set; }
}
