namespace Panel.Contracts;

/// <summary>
/// Contributes a card to the panel's Dashboard (contract 1.1). Register implementations in
/// <see cref="IPanelModule.ConfigureServices"/>, e.g. <c>services.AddScoped&lt;IDashboardCardSource, MyCard&gt;()</c>;
/// the host resolves every source from the request's scope each time the Dashboard is shown. Modules built against
/// contract 1.0 have none and keep loading.
/// </summary>
/// <remarks>Read local state only (the module's own database): the Dashboard waits for every card. A source that
/// throws is shown as a card saying it could not be read; the rest of the Dashboard is unaffected.</remarks>
public interface IDashboardCardSource
{
    /// <summary>The card as it stands now.</summary>
    Task<DashboardCard> GetCardAsync(CancellationToken cancellationToken);
}

/// <summary>A Dashboard card, as data: the host draws it so that every module's card looks alike.</summary>
/// <param name="Title">Heading, for example "Hetzner snapshots".</param>
/// <param name="State">Overall state; <see cref="DashboardCardState.Failed"/> is drawn red.</param>
/// <param name="Summary">One sentence that says what the state means and, when it is not healthy, what to do.</param>
/// <param name="Link">The module page the card opens, for example <c>/m/hetzner/snapshots</c> (a path inside the panel).</param>
/// <param name="Facts">Labelled figures, in the order shown.</param>
public sealed record DashboardCard(
    string Title,
    DashboardCardState State,
    string Summary,
    string Link,
    IReadOnlyList<DashboardFact> Facts);

/// <summary>A labelled figure on a Dashboard card.</summary>
/// <param name="Label">What it is, for example "Next run".</param>
/// <param name="Value">The figure as text; for a point in time give <paramref name="Time"/> as well.</param>
/// <param name="Time">When set, the host shows it as a time in the admin's time zone instead of <paramref name="Value"/>.</param>
/// <param name="Link">A page inside the panel the figure links to, if any.</param>
public sealed record DashboardFact(string Label, string Value, DateTimeOffset? Time = null, string? Link = null);

/// <summary>How a Dashboard card looks.</summary>
public enum DashboardCardState
{
    /// <summary>Nothing to judge (for example a feature that is switched off).</summary>
    Neutral = 0,

    /// <summary>All is well.</summary>
    Healthy = 1,

    /// <summary>Needs a look, nothing lost yet.</summary>
    Warning = 2,

    /// <summary>Failed: drawn red.</summary>
    Failed = 3,
}
