using Microsoft.EntityFrameworkCore;
using PanelHost.Plugins;

namespace PanelHost.Services;

/// <summary>What the Notifications page and <c>GET /api/notifications</c> ask for.</summary>
/// <param name="UnreadOnly">Only the notifications nobody marked read.</param>
/// <param name="Page">1-based.</param>
/// <param name="PageSize">Notifications per page, 1 to <see cref="MaxPageSize"/>.</param>
internal sealed record NotificationQuery(bool UnreadOnly = false, int Page = 1, int PageSize = NotificationQuery.DefaultPageSize)
{
    /// <summary>
    /// The one limit policy for notifications: the page and the API (without <c>take</c>) show the newest 200, older ones
    /// on the next pages; the API may ask for up to <see cref="MaxPageSize"/> at a time. Notifications are rare (a module
    /// raises one when something needs the admin), so one page usually holds them all.
    /// </summary>
    public const int DefaultPageSize = 200;

    public const int MaxPageSize = 1000;
}

/// <summary>A notification as the pages and the API show it, with the page it is about.</summary>
internal sealed record NotificationRow(long Id, DateTimeOffset At, string Module, Panel.Contracts.NotificationSeverity Severity, string Title, string Message, DateTimeOffset? ReadAt, string Link);

/// <param name="Rows">This page's notifications, newest first.</param>
/// <param name="Total">Notifications matching the query, on all pages.</param>
/// <param name="Page">The page shown (the last one when the requested page is past the end).</param>
/// <param name="PageSize">Notifications per page.</param>
internal sealed record NotificationPage(IReadOnlyList<NotificationRow> Rows, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// The one read path of notifications: the bell in the top bar, the Dashboard, the Notifications page and the API all
/// ask here (<see cref="AdminNotifier"/> raises them and marks them read).
/// </summary>
internal sealed class NotificationLog(IDbContextFactory<Data.PanelDbContext> dbFactory, ModuleCatalog catalog)
{
    public async Task<NotificationPage> ReadAsync(NotificationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var size = Math.Clamp(query.PageSize, 1, NotificationQuery.MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = db.Notifications.AsNoTracking();
        if (query.UnreadOnly)
        {
            rows = rows.Where(n => n.ReadAt == null);
        }

        var total = await rows.CountAsync(cancellationToken).ConfigureAwait(false);
        var pageCount = Math.Max(1, (total + size - 1) / size);
        // A page past the end (some were marked read or the list shrank) shows the last page rather than an empty one.
        var page = Math.Clamp(query.Page, 1, pageCount);
        var entries = await rows.OrderByDescending(n => n.Id).Skip((page - 1) * size).Take(size)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new NotificationPage(
            [.. entries.Select(n => new NotificationRow(n.Id, n.At, n.Module, n.Severity, n.Title, n.Message, n.ReadAt, LinkOf(n.Module)))],
            total,
            page,
            size);
    }

    /// <summary>What the bell and the Dashboard show.</summary>
    public async Task<int> UnreadCountAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Notifications.CountAsync(n => n.ReadAt == null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The page a notification is about: its module's page, or the Modules page for the panel's own ones
    /// (which are about modules: lost data, failed background services) and for a module that is gone.</summary>
    private string LinkOf(string module) =>
        catalog.Find(module) is { } loaded ? PanelLinks.ModuleHome(loaded) : "/modules";
}
