namespace PanelHost.Services;

/// <summary>
/// Response headers of every answer (NetEscapades.AspNetCore.SecurityHeaders): no framing (clickjacking), no MIME
/// sniffing, no referrer to other sites, and a content security policy that runs scripts and loads stylesheets from
/// the panel itself only, so an injected script cannot run. Inline style attributes stay allowed: the UI kit documents
/// <c>style="width:NN%"</c> for progress bars (docs/ui-kit.md), and modules use it.
/// </summary>
internal static class SecurityHeaders
{
    public static HeaderPolicyCollection Policy() => new HeaderPolicyCollection()
        .AddDefaultSecurityHeaders()
        .AddReferrerPolicySameOrigin()
        .AddContentSecurityPolicy(csp =>
        {
            csp.AddDefaultSrc().Self();
            csp.AddScriptSrc().Self();
            csp.AddStyleSrc().Self().UnsafeInline(); // for browsers without the -elem/-attr split
            csp.AddStyleSrcElem().Self();
            csp.AddStyleSrcAttr().UnsafeInline();
            csp.AddImgSrc().Self().Data(); // the menu icons are data: SVGs in panel.css
            csp.AddObjectSrc().None();
            csp.AddBaseUri().Self();
            csp.AddFormAction().Self();
            csp.AddFrameAncestors().None();
        });
}
