using System.Text.RegularExpressions;

namespace Panel.Module.Testing;

/// <summary>
/// Checks a page's markup against the panel's content security policy. The test host sends the policy header, but
/// only a browser enforces it; this finds in the HTML what a browser would block.
/// </summary>
public static partial class PageAssert
{
    /// <summary>
    /// Throws <see cref="PagePolicyException"/> naming each piece of markup the panel's policy blocks: a
    /// <c>&lt;script&gt;</c> without <c>src</c>, an <c>on...=</c> event handler attribute, or a <c>&lt;style&gt;</c>
    /// element. Inline <c>style="..."</c> attributes are allowed, as the policy allows them.
    /// </summary>
    /// <param name="html">The page's markup, as the module answered it.</param>
    public static void KeepsToPolicy(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var blocked = InlineScript().Matches(html)
            .Concat(InlineHandler().Matches(html))
            .Concat(StyleElement().Matches(html))
            .OrderBy(m => m.Index)
            .Select(m => m.Value)
            .ToList();
        if (blocked.Count > 0)
        {
            throw new PagePolicyException("The panel's content security policy would block: " + string.Join("; ", blocked));
        }
    }

    // script-src 'self': only scripts loaded from the panel run.
    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("<[a-z][^>]*\\son[a-z]+=[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    // style-src-elem 'self': stylesheets are linked from the panel; only style attributes may be inline.
    [GeneratedRegex("<style\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex StyleElement();
}

/// <summary>A page holds markup the panel's content security policy blocks.</summary>
public sealed class PagePolicyException(string message) : Exception(message);
