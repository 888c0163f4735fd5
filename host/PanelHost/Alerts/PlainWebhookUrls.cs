using Microsoft.EntityFrameworkCore;
using PanelHost.Data;

namespace PanelHost.Alerts;

/// <summary>
/// Finishes the <c>ProtectedWebhookUrls</c> migration, which SQL alone cannot: that migration moves each webhook URL
/// stored in clear (before ADR-0032's amendment) into <see cref="AlertChannel.ProtectedWebhookUrl"/> behind
/// <see cref="Marker"/>; this encrypts them with the panel's Data Protection keys at start, then rewrites the database
/// file so the clear text leaves its free pages and the write-ahead log too. Runs at every start and does nothing once
/// no marked row is left, so a start interrupted in between finishes it the next time.
/// </summary>
internal static class PlainWebhookUrls
{
    /// <summary>The prefix the migration puts before a URL still in clear; Data Protection output never starts so.</summary>
    public const string Marker = "plain:";

    /// <returns>How many URLs were encrypted.</returns>
    public static async Task<int> ProtectAsync(PanelDbContext db, AlertSecrets secrets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(secrets);
        var plain = await db.AlertChannels.Where(c => c.ProtectedWebhookUrl != null && c.ProtectedWebhookUrl.StartsWith(Marker))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (plain.Count == 0)
        {
            return 0;
        }

        foreach (var channel in plain)
        {
            var url = channel.ProtectedWebhookUrl![Marker.Length..];
            channel.ProtectedWebhookUrl = secrets.Protect(url);
            channel.WebhookUrlMask = AlertSecrets.MaskUrl(url);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        // SQLite leaves replaced text in free space until the file is rebuilt; VACUUM rebuilds it, and the checkpoint
        // empties the write-ahead log that still holds the old pages.
        await db.Database.ExecuteSqlRawAsync("VACUUM", cancellationToken).ConfigureAwait(false);
        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken).ConfigureAwait(false);
        return plain.Count;
    }
}
