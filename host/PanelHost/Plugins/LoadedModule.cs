using System.Reflection;
using McMaster.NETCore.Plugins;
using Panel.Contracts;

namespace PanelHost.Plugins;

/// <summary>A module that loaded and whose registration succeeded.</summary>
internal sealed record LoadedModule(IPanelModule Module, Assembly Assembly, PluginLoader Loader, string Folder)
{
    public ModuleManifest Manifest => Module.Manifest;

    public string Id => Module.Manifest.Id;
}

/// <summary>A module folder that could not be loaded or started, and why.</summary>
internal sealed record ModuleFailure(string Folder, string Name, string Stage, string Reason);
