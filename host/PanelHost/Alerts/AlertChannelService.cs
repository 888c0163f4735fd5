using Microsoft.EntityFrameworkCore;
using Panel.Contracts;
using PanelHost.Data;
using PanelHost.Services;

namespace PanelHost.Alerts;

/// <summary>A channel as the Alerts page and the API show it: secrets only as masks.</summary>
internal sealed record AlertChannelView(
    int Id,
    string Name,
    AlertChannelKind Kind,
    bool Enabled,
    string? SmtpHost,
    int? SmtpPort,
    SmtpSecurity SmtpSecurity,
    string? SmtpUser,
    string? MailFrom,
    string? MailTo,
    string? WebhookUrlMask,
    string? SecretMask,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastFailureAt,
    string? LastError,
    int Queued)
{
    /// <summary>The last attempt failed (a success since would have cleared the error).</summary>
    public bool Failing => LastError is not null;

    public string Target => Kind == AlertChannelKind.Webhook
        ? WebhookUrlMask ?? ""
        : $"{MailTo} via {SmtpHost}:{SmtpPort} ({AlertChannelRules.Name(SmtpSecurity)})";
}

/// <summary>Adds, changes, removes and tests alert channels; every change is audited, never with a secret.</summary>
internal sealed class AlertChannelService(
    IDbContextFactory<PanelDbContext> dbFactory,
    AlertSecrets secrets,
    AlertSender sender,
    IAuditLog audit,
    TimeProvider time)
{
    public async Task<IReadOnlyList<AlertChannelView>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var queued = await db.AlertDeliveries.GroupBy(d => d.ChannelId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken).ConfigureAwait(false);
        var channels = await db.AlertChannels.AsNoTracking().OrderBy(c => c.Name).ThenBy(c => c.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. channels.Select(c => View(c, queued.GetValueOrDefault(c.Id)))];
    }

    public async Task<AlertChannelView?> FindAsync(int id, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(c => c.Id == id);

    /// <summary>Creates (no id) or changes a channel. Nothing is stored when there are errors.</summary>
    /// <returns>The channel, or the errors by field (<see cref="AlertChannelInput"/> property names); <c>""</c> holds
    /// an error that belongs to no field (the channel to change is gone).</returns>
    public async Task<(AlertChannelView? Channel, IReadOnlyDictionary<string, string> Errors)> SaveAsync(AlertChannelInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        AlertChannel? channel = null;
        if (input.Id is { } id)
        {
            channel = await db.AlertChannels.SingleOrDefaultAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false);
            if (channel is null)
            {
                return (null, new Dictionary<string, string> { [""] = $"There is no alert channel {id} (it was deleted); nothing was saved." });
            }
        }

        var errors = AlertChannelRules.Check(input, channel);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var created = channel is null;
        channel ??= db.AlertChannels.Add(new AlertChannel { Name = "", CreatedAt = time.GetUtcNow() }).Entity;
        Apply(channel, input);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(new AuditEvent(AuditLog.HostModule, created ? "ALERT_CHANNEL_ADD" : "ALERT_CHANNEL_CHANGE",
            $"Alert channel “{channel.Name}” ({AlertChannelRules.Name(channel.Kind)}, {AlertSender.Target(channel)}) {(created ? "added" : "changed")}{(channel.Enabled ? "" : ", switched off")}"),
            cancellationToken).ConfigureAwait(false);
        return (View(channel, 0), errors);
    }

    /// <returns>The deleted channel's name; null when there was none.</returns>
    public async Task<string?> DeleteAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var channel = await db.AlertChannels.SingleOrDefaultAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false);
        if (channel is null)
        {
            return null;
        }

        // Its queued alerts go with it (cascade).
        db.AlertChannels.Remove(channel);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(new AuditEvent(AuditLog.HostModule, "ALERT_CHANNEL_DELETE", $"Alert channel “{channel.Name}” deleted"), cancellationToken).ConfigureAwait(false);
        return channel.Name;
    }

    /// <summary>Sends a test alert now, past the queue, and records the outcome on the channel.</summary>
    /// <returns>Whether the channel exists, and the exact error when the delivery failed.</returns>
    public async Task<(bool Found, string? Error)> SendTestAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var channel = await db.AlertChannels.SingleOrDefaultAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false);
        if (channel is null)
        {
            return (false, null);
        }

        string? error = null;
        try
        {
            await sender.SendAsync(channel, AlertMessage.Test(time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }
        catch (AlertDeliveryException ex)
        {
            error = ex.Message;
        }

        AlertDispatcher.Record(channel, time.GetUtcNow(), error);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(new AuditEvent(AuditLog.HostModule, error is null ? "ALERT_TEST_SENT" : "ALERT_TEST_FAILED",
            $"Test alert to channel “{channel.Name}”{(error is null ? " sent" : ": " + error)}"), cancellationToken).ConfigureAwait(false);
        return (true, error);
    }

    private void Apply(AlertChannel channel, AlertChannelInput input)
    {
        var kind = AlertChannelRules.ParseKind(input.Kind)!.Value;
        if (kind != channel.Kind)
        {
            // The other kind's secret means nothing for this one.
            channel.ProtectedSmtpPassword = channel.ProtectedWebhookSecret = channel.SecretMask = null;
            channel.ProtectedWebhookUrl = channel.WebhookUrlMask = null;
        }

        channel.Name = input.Name!.Trim();
        channel.Kind = kind;
        channel.Enabled = input.Enabled;
        if (kind == AlertChannelKind.Email)
        {
            channel.SmtpHost = input.SmtpHost!.Trim();
            channel.SmtpPort = input.SmtpPort;
            channel.SmtpSecurity = AlertChannelRules.ParseSecurity(input.SmtpSecurity)!.Value;
            channel.SmtpUser = string.IsNullOrWhiteSpace(input.SmtpUser) ? null : input.SmtpUser.Trim();
            channel.MailFrom = input.MailFrom!.Trim();
            channel.MailTo = input.MailTo!.Trim();
            channel.ProtectedWebhookUrl = channel.WebhookUrlMask = null;
            if (channel.SmtpUser is null)
            {
                channel.ProtectedSmtpPassword = channel.SecretMask = null;
            }
            else if (!string.IsNullOrEmpty(input.SmtpPassword))
            {
                channel.ProtectedSmtpPassword = secrets.Protect(input.SmtpPassword);
                channel.SecretMask = AlertSecrets.Mask(input.SmtpPassword);
            }
        }
        else
        {
            if (!string.IsNullOrWhiteSpace(input.WebhookUrl))
            {
                var url = input.WebhookUrl.Trim();
                channel.ProtectedWebhookUrl = secrets.Protect(url);
                channel.WebhookUrlMask = AlertSecrets.MaskUrl(url);
            }

            channel.SmtpHost = channel.SmtpUser = channel.MailFrom = channel.MailTo = null;
            channel.SmtpPort = null;
            if (!string.IsNullOrEmpty(input.WebhookSecret))
            {
                channel.ProtectedWebhookSecret = secrets.Protect(input.WebhookSecret);
                channel.SecretMask = AlertSecrets.Mask(input.WebhookSecret);
            }
        }
    }

    private static AlertChannelView View(AlertChannel c, int queued) => new(
        c.Id, c.Name, c.Kind, c.Enabled, c.SmtpHost, c.SmtpPort, c.SmtpSecurity, c.SmtpUser, c.MailFrom, c.MailTo, c.WebhookUrlMask,
        c.SecretMask, c.LastSuccessAt, c.LastFailureAt, c.LastError, queued);
}
