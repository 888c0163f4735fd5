using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using PanelHost.Plugins;
using PanelHost.Services;
using PanelHost.Startup;

namespace PanelHost.Api;

/// <summary>The host's own JSON API and the logout action.</summary>
internal static class HostApi
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/logout", async (HttpContext ctx) =>
        {
            // The antiforgery middleware only records its verdict; forms and Razor pages act on it, an endpoint without
            // form parameters has to itself (without this, any site could sign the admin out).
            if (ctx.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
            {
                return Results.BadRequest("A valid antiforgery token is required to log out; use the Log out button.");
            }

            await ctx.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
            return Results.Redirect("/login");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();

        var api = app.MapGroup("/api").WithTags("Panel");
        api.MapGet("/modules", (ModuleCatalog catalog) => new ModulesDto(
            [.. catalog.Modules.Select(m => new ModuleDto(m.Id, m.Manifest.DisplayName, m.Manifest.Version, m.Folder))],
            [.. catalog.Failures.Select(f => new ModuleFailureDto(f.Name, f.Folder, f.Stage, f.Reason))]))
            .WithName("ListModules");

        // For admins and automation: what runs here, e.g. before and after an upgrade.
        api.MapGet("/info", (ModuleCatalog catalog, PanelPaths paths) => new InfoDto(
            PanelVersion.Short,
            PanelVersion.Informational,
            $"{ModuleCatalog.HostContractVersion.Major}.{ModuleCatalog.HostContractVersion.Minor}",
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier,
            paths.DataPath,
            paths.PluginsPaths,
            [.. catalog.Modules.Select(m => new ModuleVersionDto(m.Id, m.Manifest.Version))]))
            .WithName("GetInfo");

        // The same read path as the Events page; the array stays the answer (older scripts read it), the total of all
        // pages is in X-Total-Count.
        api.MapGet("/events", async (EventLog events, HttpResponse response, string? module, EventLevel? level, string? user,
            DateOnly? from, DateOnly? to, string? tz, string? q, int? page, int? take, CancellationToken ct) =>
        {
            TimeZoneInfo? zone = null;
            if (!string.IsNullOrEmpty(tz) && !TimeZoneInfo.TryFindSystemTimeZoneById(tz, out zone))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["tz"] = [$"Time zone “{tz}” is not an IANA time zone id known here (e.g. Europe/Berlin)."] });
            }

            var result = await events.ReadAsync(
                new EventQuery(module, level, user, from, to, q, page ?? 1, Math.Clamp(take ?? 100, 1, EventQuery.MaxPageSize), zone), ct).ConfigureAwait(false);
            response.Headers["X-Total-Count"] = result.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Ok(result.Rows.Select(e => new EventDto(e.At, e.User, e.Module, e.Code, e.Details, e.Level.ToString())).ToList());
        }).WithName("ListEvents");

        // The same read path and page size as the Notifications page; the array stays the answer (older scripts read
        // it), the total of all pages is in X-Total-Count, as for events.
        api.MapGet("/notifications", async (NotificationLog notifications, HttpResponse response, bool? unreadOnly, int? page, int? take, CancellationToken ct) =>
        {
            var result = await notifications.ReadAsync(
                new NotificationQuery(unreadOnly == true, page ?? 1, take ?? NotificationQuery.DefaultPageSize), ct).ConfigureAwait(false);
            response.Headers["X-Total-Count"] = result.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return result.Rows.Select(n => new NotificationDto(n.Id, n.At, n.Module, n.Severity.ToString(), n.Title, n.Message, n.ReadAt, n.Link)).ToList();
        }).WithName("ListNotifications");

        api.MapPost("/notifications/read", async (AdminNotifier notifier, CancellationToken ct) =>
            Results.Ok(new { marked = await notifier.MarkAllReadAsync(ct).ConfigureAwait(false) }))
            .WithName("MarkNotificationsRead");

        api.MapPost("/notifications/{id:long}/read", async (AdminNotifier notifier, long id, CancellationToken ct) =>
            await notifier.MarkReadAsync(id, ct).ConfigureAwait(false)
                ? Results.NoContent()
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such notification", detail: $"There is no notification {id}."))
            .WithName("MarkNotificationRead");
    }
}

internal sealed record ModulesDto(IReadOnlyList<ModuleDto> Loaded, IReadOnlyList<ModuleFailureDto> Failed);

internal sealed record InfoDto(
    string Version,
    string InformationalVersion,
    string ContractVersion,
    string Runtime,
    string RuntimeIdentifier,
    string DataPath,
    IReadOnlyList<string> PluginsPaths,
    IReadOnlyList<ModuleVersionDto> Modules);

internal sealed record ModuleVersionDto(string Id, string Version);

internal sealed record ModuleDto(string Id, string DisplayName, string Version, string Folder);

internal sealed record ModuleFailureDto(string Name, string Folder, string Stage, string Reason);

internal sealed record EventDto(DateTimeOffset At, string User, string Module, string Code, string Details, string Level);

internal sealed record NotificationDto(long Id, DateTimeOffset At, string Module, string Severity, string Title, string Message, DateTimeOffset? ReadAt, string Link);
