namespace Panel.Contracts;

/// <summary>Names the module's entry type: <c>[assembly: PanelModule(typeof(MyModule))]</c>.</summary>
/// <param name="moduleType">A public type with a parameterless constructor that implements <see cref="IPanelModule"/>.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class PanelModuleAttribute(Type moduleType) : Attribute
{
    /// <summary>The entry type.</summary>
    public Type ModuleType { get; } = moduleType;
}
