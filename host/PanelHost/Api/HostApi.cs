using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using PanelHost.Data;
using PanelHost.Plugins;
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

        api.MapGet("/events", async (IDbContextFactory<PanelDbContext> dbFactory, string? module, int? take, CancellationToken ct) =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
            var query = db.AuditEntries.AsNoTracking();
            if (!string.IsNullOrEmpty(module))
            {
                query = query.Where(e => e.Module == module);
            }

            var rows = await query.OrderByDescending(e => e.Id).Take(Math.Clamp(take ?? 100, 1, 1000)).ToListAsync(ct).ConfigureAwait(false);
            return rows.Select(e => new EventDto(e.At, e.User, e.Module, e.Code, e.Details)).ToList();
        }).WithName("ListEvents");

        api.MapGet("/notifications", async (IDbContextFactory<PanelDbContext> dbFactory, bool? unreadOnly, CancellationToken ct) =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
            var query = db.Notifications.AsNoTracking();
            if (unreadOnly == true)
            {
                query = query.Where(n => n.ReadAt == null);
            }

            var rows = await query.OrderByDescending(n => n.Id).Take(200).ToListAsync(ct).ConfigureAwait(false);
            return rows.Select(n => new NotificationDto(n.Id, n.At, n.Module, n.Severity.ToString(), n.Title, n.Message, n.ReadAt)).ToList();
        }).WithName("ListNotifications");

        api.MapPost("/notifications/read", async (IDbContextFactory<PanelDbContext> dbFactory, TimeProvider time, CancellationToken ct) =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var count = await db.Notifications.Where(n => n.ReadAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct).ConfigureAwait(false);
            return Results.Ok(new { marked = count });
        }).WithName("MarkNotificationsRead");
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

internal sealed record EventDto(DateTimeOffset At, string User, string Module, string Code, string Details);

internal sealed record NotificationDto(long Id, DateTimeOffset At, string Module, string Severity, string Title, string Message, DateTimeOffset? ReadAt);
