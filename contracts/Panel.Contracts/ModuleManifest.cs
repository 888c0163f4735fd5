namespace Panel.Contracts;

/// <summary>What the host needs to know about a module before it calls any of its code.</summary>
/// <param name="Id">Lower-case URL segment and configuration key, for example <c>hetzner</c>. The module's UI lives
/// under <c>/m/{Id}/</c>, its JSON API under <c>/api/modules/{Id}/</c>, its settings under <c>Modules:{Id}</c>.</param>
/// <param name="DisplayName">Human name shown on the Modules page.</param>
/// <param name="Version">The module's own version, shown on the Modules page.</param>
/// <param name="Menu">The entry the host puts in its left menu.</param>
/// <param name="Tabs">The tabs of the module page, in the order given by <see cref="ModuleTab.Order"/>.</param>
public sealed record ModuleManifest(
    string Id,
    string DisplayName,
    string Version,
    MenuEntry Menu,
    IReadOnlyList<ModuleTab> Tabs);

/// <summary>A left-menu entry. Clicking it opens the module's first tab.</summary>
/// <param name="Title">Text of the entry.</param>
/// <param name="Icon">One of the icon names the shell knows (<c>cloud</c>, <c>server</c>, <c>database</c>, <c>shield</c>); unknown names fall back to a dot.</param>
/// <param name="Order">Position among the module entries, ascending.</param>
public sealed record MenuEntry(string Title, string? Icon = null, int Order = 100);

/// <summary>A tab of the module page.</summary>
/// <param name="Id">Identifier, unique within the module.</param>
/// <param name="Title">Text on the tab.</param>
/// <param name="Path">Routable page of the module, relative to <c>/m/{moduleId}/</c>, for example <c>settings</c>.
/// The module contributes that page as a static server-rendered Razor component with
/// <c>@page "/m/{moduleId}/{Path}"</c>; the host wraps it in its layout and draws the tab strip.</param>
/// <param name="Order">Position of the tab, ascending.</param>
public sealed record ModuleTab(string Id, string Title, string Path, int Order = 100);

/// <summary>What the host hands a module when it registers its services.</summary>
/// <param name="Configuration">The section <c>Modules:{Id}</c> of the host configuration.</param>
/// <param name="DataPath">A folder that belongs to this module alone, inside the panel's data folder; it exists and only
/// the panel's user can read it. The files it holds after <see cref="IPanelModule.InitializeAsync"/> are expected at the
/// next start: the host reports one that is missing then as lost data, so keep transient files elsewhere.</param>
public sealed record ModuleContext(Microsoft.Extensions.Configuration.IConfiguration Configuration, string DataPath);
