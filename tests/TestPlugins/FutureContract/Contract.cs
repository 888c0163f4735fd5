namespace Panel.Contracts;

/// <summary>The 2.0 shape differs from 1.x on purpose: a host for 1.x must refuse modules built against it.</summary>
public interface IPanelModule
{
    string Id { get; }
}

[AttributeUsage(AttributeTargets.Assembly)]
public sealed class PanelModuleAttribute(Type moduleType) : Attribute
{
    public Type ModuleType { get; } = moduleType;
}
