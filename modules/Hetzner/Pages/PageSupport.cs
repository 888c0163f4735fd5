using System.Globalization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Http;
using Panel.Modules.Hetzner.Common;

namespace Panel.Modules.Hetzner.Pages;

/// <summary>A message shown at the top of a card after a form was submitted. <see cref="At"/> is rendered where
/// <see cref="TimeMarker"/> stands in <see cref="Text"/>, as a time the browser shows in the admin's own zone.</summary>
internal sealed record Flash(string CssClass, string Text, DateTimeOffset? At = null)
{
    public const string TimeMarker = "{time}";

    public static Flash Success(string text, DateTimeOffset? at = null) => new("alert alert-success", text, at);

    public static Flash Error(string text) => new("alert alert-error", text);
}

/// <summary>Puts a request's per-field errors beside the matching form fields, using the same validators as the API.</summary>
internal static class FormErrors
{
    public static void Show(EditContext context, ValidationMessageStore store, ValidationException exception)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(exception);
        var properties = context.Model.GetType().GetProperties();
        foreach (var (field, messages) in exception.Errors)
        {
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, field, StringComparison.OrdinalIgnoreCase));
            store.Add(new FieldIdentifier(context.Model, property?.Name ?? string.Empty), messages);
        }

        context.NotifyValidationStateChanged();
    }

    /// <summary>
    /// Shows the values the form could not even read (text for a number, anything but true for a checkbox) beside
    /// their fields, named by the label the admin sees. Blazor leaves such fields at their defaults, so a form with
    /// mapping errors must not be saved.
    /// </summary>
    /// <param name="context">The form's edit context.</param>
    /// <param name="store">Where the messages go.</param>
    /// <param name="mapping">Blazor's form mapping context, which holds the values it could not read.</param>
    /// <param name="formName">The form's name.</param>
    /// <param name="labels">Form property name to its visible label.</param>
    /// <returns>Whether there were any.</returns>
    public static bool ShowMappingErrors(
        EditContext context, ValidationMessageStore store, FormMappingContext? mapping, string formName, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(labels);
        var errors = mapping?.GetAllErrors(formName).ToList() ?? [];
        // Blazor reports these against the form's model, naming the property only in its message ("The value 'abc'
        // is not valid for 'FrequencyHours'."): the message tells the field, the label tells the admin which one.
        var properties = context.Model.GetType().GetProperties().Select(p => p.Name).ToList();
        foreach (var error in errors)
        {
            var message = string.Join(" ", error.ErrorMessages.Select(m => m.ToString()));
            var field = properties.FirstOrDefault(name => message.Contains($"'{name}'", StringComparison.Ordinal)) ?? string.Empty;
            var label = labels.TryGetValue(field, out var known) ? known : "A field";
            store.Add(new FieldIdentifier(context.Model, field), $"{label}: “{error.AttemptedValue}” is not a value this field takes.");
        }

        context.NotifyValidationStateChanged();
        return errors.Count > 0;
    }
}

/// <summary>How times and sizes are written on the pages.</summary>
internal static class Display
{
    public static string Size(double? gigabytes) =>
        gigabytes is { } gb ? gb.ToString("0.0", CultureInfo.InvariantCulture) + " GB" : "–";

    public static string Money(decimal? amount, string? currency) =>
        amount is { } value ? $"{value.ToString("0.00", CultureInfo.InvariantCulture)} {currency}" : "–";

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>"1 snapshot", "2 snapshots".</summary>
    public static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}

/// <summary>
/// Carries a flash message across the redirect that follows a successful form post (post/redirect/get), so a reload
/// repeats the GET, never the action. A cookie scoped to the module's pages, read once: the text never travels in the
/// address, where a link could forge it.
/// </summary>
internal static class FlashCookie
{
    private const string Name = "hetzner-flash";
    private const string Path = "/m/hetzner";

    public static void Set(HttpContext? context, string target, Flash flash)
    {
        ArgumentNullException.ThrowIfNull(flash);
        if (context is null || context.Response.HasStarted)
        {
            return;
        }

        var value = string.Join('|', target, flash.CssClass.Contains("success", StringComparison.Ordinal) ? "s" : "e",
            Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(flash.Text)),
            flash.At?.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) ?? string.Empty);
        context.Response.Cookies.Append(Name, value, new CookieOptions
        {
            Path = Path,
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            IsEssential = true,
        });
    }

    /// <summary>The message left for <paramref name="target"/>, removed so it shows once.</summary>
    public static Flash? Take(HttpContext? context, string target)
    {
        if (context is null || !context.Request.Cookies.TryGetValue(Name, out var value))
        {
            return null;
        }

        var parts = value.Split('|');
        if (parts.Length != 4 || parts[0] != target)
        {
            return null;
        }

        if (!context.Response.HasStarted)
        {
            context.Response.Cookies.Delete(Name, new CookieOptions { Path = Path });
        }

        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(parts[2]));
            DateTimeOffset? at = long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
            return parts[1] == "s" ? Flash.Success(text, at) : Flash.Error(text) with { At = at };
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
