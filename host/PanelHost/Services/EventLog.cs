using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using PanelHost.Data;

namespace PanelHost.Services;

/// <summary>How serious an event is. Read from its code (the audit log's naming rule), so that it needs no column
/// and modules built against contract 1.0 get levels too.</summary>
internal enum EventLevel
{
    Info,
    Warning,
    Error,
}

/// <summary>What the Events page and <c>GET /api/events</c> ask for; every filter is optional.</summary>
/// <param name="Module">Module id, exactly.</param>
/// <param name="Level">Only events of this level.</param>
/// <param name="User">Admin (or "system"), exactly.</param>
/// <param name="From">First day included, in <paramref name="Zone"/>.</param>
/// <param name="To">Last day included, in <paramref name="Zone"/>.</param>
/// <param name="Search">Text searched for in the code and the details, case-insensitively.</param>
/// <param name="Page">1-based.</param>
/// <param name="PageSize">Events per page, 1 to <see cref="MaxPageSize"/>.</param>
/// <param name="Zone">The time zone whose days <paramref name="From"/> and <paramref name="To"/> name (the admin's, as
/// the table shows local times); UTC when null.</param>
internal sealed record EventQuery(
    string? Module = null,
    EventLevel? Level = null,
    string? User = null,
    DateOnly? From = null,
    DateOnly? To = null,
    string? Search = null,
    int Page = 1,
    int PageSize = EventQuery.DefaultPageSize,
    TimeZoneInfo? Zone = null)
{
    public const int DefaultPageSize = 50;

    public const int MaxPageSize = 1000;
}

internal sealed record EventRow(long Id, DateTimeOffset At, string User, string Module, string Code, string Details, EventLevel Level);

/// <param name="Rows">This page's events, newest first.</param>
/// <param name="Total">Events matching the filters, on all pages.</param>
/// <param name="Page">The page shown (the last one when the requested page is past the end).</param>
/// <param name="PageSize">Events per page.</param>
internal sealed record EventPage(IReadOnlyList<EventRow> Rows, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>The one read path of the audit log: the Events page, the Dashboard and the API all ask here.</summary>
internal sealed class EventLog(IDbContextFactory<PanelDbContext> dbFactory)
{
    // Codes name the outcome last (HETZNER_SNAPSHOT_CREATE_FAILED, MODULE_DATA_LOST, ADMIN_LOCKOUT).
    private static readonly string[] ErrorSuffixes = ["_FAILED", "_LOST", "_MOVED"];
    private static readonly string[] WarningSuffixes = ["_LOCKOUT", "_UNCONFIRMED", "_REFUSED", "_INTERRUPTED"];

    public static EventLevel LevelOf(string code) =>
        ErrorSuffixes.Any(s => code.EndsWith(s, StringComparison.Ordinal)) ? EventLevel.Error
        : WarningSuffixes.Any(s => code.EndsWith(s, StringComparison.Ordinal)) ? EventLevel.Warning
        : EventLevel.Info;

    public async Task<EventPage> ReadAsync(EventQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var size = Math.Clamp(query.PageSize, 1, EventQuery.MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = Filter(db.AuditEntries.AsNoTracking(), query);
        var total = await rows.CountAsync(cancellationToken).ConfigureAwait(false);
        var pageCount = Math.Max(1, (total + size - 1) / size);
        // A page past the end (the filters narrowed the result) shows the last page rather than an empty one.
        var page = Math.Clamp(query.Page, 1, pageCount);
        var entries = await rows.OrderByDescending(e => e.Id).Skip((page - 1) * size).Take(size)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new EventPage([.. entries.Select(e => new EventRow(e.Id, e.At, e.User, e.Module, e.Code, e.Details, LevelOf(e.Code)))], total, page, size);
    }

    /// <summary>The values the filters offer: the modules and users that appear in the log.</summary>
    public async Task<(IReadOnlyList<string> Modules, IReadOnlyList<string> Users)> FacetsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var modules = await db.AuditEntries.Select(e => e.Module).Distinct().OrderBy(m => m).ToListAsync(cancellationToken).ConfigureAwait(false);
        var users = await db.AuditEntries.Select(e => e.User).Distinct().OrderBy(u => u).ToListAsync(cancellationToken).ConfigureAwait(false);
        return (modules, users);
    }

    private static IQueryable<AuditEntry> Filter(IQueryable<AuditEntry> rows, EventQuery query)
    {
        if (!string.IsNullOrWhiteSpace(query.Module))
        {
            rows = rows.Where(e => e.Module == query.Module);
        }

        if (!string.IsNullOrWhiteSpace(query.User))
        {
            rows = rows.Where(e => e.User == query.User);
        }

        if (query.Level is { } level)
        {
            rows = rows.Where(HasLevel(level));
        }

        if (query.From is { } from)
        {
            var start = StartOfDay(from, query.Zone ?? TimeZoneInfo.Utc);
            rows = rows.Where(e => e.At >= start);
        }

        if (query.To is { } to)
        {
            var end = StartOfDay(to.AddDays(1), query.Zone ?? TimeZoneInfo.Utc);
            rows = rows.Where(e => e.At < end);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            // LIKE is case-insensitive for ASCII in SQLite; the user's text is escaped so % and _ match themselves.
            var pattern = "%" + query.Search.Trim().Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            rows = rows.Where(e => EF.Functions.Like(e.Details, pattern, "\\") || EF.Functions.Like(e.Code, pattern, "\\")
                || EF.Functions.Like(e.User, pattern, "\\"));
        }

        return rows;
    }

    /// <summary>Midnight of <paramref name="day"/> in <paramref name="zone"/>, as a UTC instant (stored times are UTC).
    /// A midnight skipped by a clock change takes the zone's offset of the moment before, which starts the day at the
    /// first minute that exists.</summary>
    internal static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        var offset = zone.IsInvalidTime(local) ? zone.GetUtcOffset(local.AddHours(-3)) : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The same rule as <see cref="LevelOf"/>, as SQL.</summary>
    private static Expression<Func<AuditEntry, bool>> HasLevel(EventLevel level)
    {
        var code = Expression.Parameter(typeof(AuditEntry), "e");
        var property = Expression.Property(code, nameof(AuditEntry.Code));
        var endsWith = typeof(string).GetMethod(nameof(string.EndsWith), [typeof(string)])!;
        Expression AnyOf(string[] suffixes) => suffixes
            .Select(s => (Expression)Expression.Call(property, endsWith, Expression.Constant(s)))
            .Aggregate(Expression.OrElse);
        var body = level switch
        {
            EventLevel.Error => AnyOf(ErrorSuffixes),
            EventLevel.Warning => Expression.AndAlso(Expression.Not(AnyOf(ErrorSuffixes)), AnyOf(WarningSuffixes)),
            _ => Expression.Not(Expression.OrElse(AnyOf(ErrorSuffixes), AnyOf(WarningSuffixes))),
        };
        return Expression.Lambda<Func<AuditEntry, bool>>(body, code);
    }
}
