using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Panel.Contracts.Ui;

/// <summary>
/// A point in time as the admin should read it. The server renders <c>&lt;time datetime&gt;</c> with the exact UTC
/// time as text and tooltip, so the page is right without JavaScript; the host's <c>local-time.js</c> then rewrites
/// the text into the browser's time zone with a relative time ("3 h ago") and keeps the UTC time on hover.
/// </summary>
/// <remarks>A plain component class, so the contract needs no Razor SDK and modules use it as <c>&lt;LocalTime Value="..." /&gt;</c>.</remarks>
public sealed class LocalTime : ComponentBase
{
    /// <summary>The exact UTC text, also what a browser without the script shows.</summary>
    public const string UtcFormat = "yyyy-MM-dd HH:mm 'UTC'";

    /// <summary>The time to show; null renders <see cref="Empty"/>.</summary>
    [Parameter]
    public DateTimeOffset? Value { get; set; }

    /// <summary>Shown when there is no time.</summary>
    [Parameter]
    public string Empty { get; set; } = "never";

    /// <summary>Include seconds (event logs); otherwise minutes.</summary>
    [Parameter]
    public bool Seconds { get; set; }

    /// <summary>Leave out the relative part (e.g. in a table column already ordered by time).</summary>
    [Parameter]
    public bool NoRelative { get; set; }

    /// <summary>The exact UTC text of <paramref name="value"/>, as rendered before the script localises it.</summary>
    public static string Utc(DateTimeOffset value, bool seconds = false) =>
        value.UtcDateTime.ToString(seconds ? "yyyy-MM-dd HH:mm:ss 'UTC'" : UtcFormat, CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (Value is not { } value)
        {
            builder.AddContent(0, Empty);
            return;
        }

        var utc = Utc(value, Seconds);
        builder.OpenElement(1, "time");
        builder.AddAttribute(2, "datetime", value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        builder.AddAttribute(3, "title", utc);
        builder.AddAttribute(4, "data-local-time", Seconds ? "seconds" : "minutes");
        if (NoRelative)
        {
            builder.AddAttribute(5, "data-no-relative", "true");
        }

        builder.AddContent(6, utc);
        builder.CloseElement();
    }
}
