using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace ThrowingModule;

/// <summary>The page of the module's tab: a tab without its page is refused at load, before the failure under test.</summary>
[Route("/m/throwing/main")]
public sealed class MainPage : ComponentBase
{
    protected override void BuildRenderTree(RenderTreeBuilder builder) => builder.AddMarkupContent(0, "<p>ThrowingModule</p>");
}
