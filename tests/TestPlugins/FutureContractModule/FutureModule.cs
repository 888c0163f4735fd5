using Panel.Contracts;

[assembly: PanelModule(typeof(FutureContractModule.FutureModule))]

namespace FutureContractModule;

/// <summary>A module compiled against contract 2.0.</summary>
public sealed class FutureModule : IPanelModule
{
    public string Id => "future";
}
