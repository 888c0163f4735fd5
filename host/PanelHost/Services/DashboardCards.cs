using Panel.Contracts;
using PanelHost.Plugins;

namespace PanelHost.Services;

/// <summary>
/// Collects the Dashboard cards of the modules that are running (contract 1.1's <see cref="IDashboardCardSource"/>).
/// A failed module's sources stay registered in the container, so each source is matched to its module's assembly and
/// left out when that module is no longer loaded.
/// </summary>
internal sealed class DashboardCards(ModuleCatalog catalog, ILogger<DashboardCards> log)
{
    public async Task<IReadOnlyList<DashboardCard>> ReadAsync(IServiceProvider scope, CancellationToken cancellationToken)
    {
        var running = catalog.Modules.ToDictionary(m => m.Assembly);
        var cards = new List<DashboardCard>();
        foreach (var source in scope.GetServices<IDashboardCardSource>())
        {
            if (!running.TryGetValue(source.GetType().Assembly, out var module))
            {
                continue;
            }

            try
            {
                cards.Add(Checked(await source.GetCardAsync(cancellationToken).ConfigureAwait(false), module));
            }
#pragma warning disable CA1031 // One module's broken card must not take the Dashboard down.
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                log.LogError(ex, "The Dashboard card of module {ModuleId} could not be read", module.Id);
                cards.Add(Unreadable(module));
            }
        }

        return cards;
    }

    /// <summary>Links must stay inside the panel: a card is module code, and the Dashboard must not send the admin off-site.</summary>
    private static DashboardCard Checked(DashboardCard card, LoadedModule module) => card with
    {
        Link = PanelLinks.Local(card.Link) ?? PanelLinks.ModuleHome(module),
        Facts = [.. card.Facts.Select(f => f with { Link = PanelLinks.Local(f.Link) })],
    };

    private static DashboardCard Unreadable(LoadedModule module) => new(
        module.Manifest.DisplayName,
        DashboardCardState.Warning,
        "This module's card could not be read; the panel's log says why.",
        PanelLinks.ModuleHome(module),
        []);
}
