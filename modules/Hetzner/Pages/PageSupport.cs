using System.Globalization;
using Microsoft.AspNetCore.Components.Forms;
using Panel.Modules.Hetzner.Common;

namespace Panel.Modules.Hetzner.Pages;

/// <summary>A message shown at the top of a card after a form was submitted.</summary>
internal sealed record Flash(string CssClass, string Text)
{
    public static Flash Success(string text) => new("alert alert-success", text);

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
    /// their fields. Blazor leaves such fields at their defaults, so a form with mapping errors must not be saved.
    /// </summary>
    /// <returns>Whether there were any.</returns>
    public static bool ShowMappingErrors(EditContext context, ValidationMessageStore store, FormMappingContext? mapping, string formName)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(store);
        var errors = mapping?.GetAllErrors(formName).ToList() ?? [];
        // Blazor reports these against the form's model, naming the property only in its message
        // ("The value 'abc' is not valid for 'FrequencyHours'."), so the message tells which field it belongs to.
        var properties = context.Model.GetType().GetProperties().Select(p => p.Name).ToList();
        foreach (var message in errors.SelectMany(e => e.ErrorMessages).Select(m => m.ToString()))
        {
            var field = properties.FirstOrDefault(name => message.Contains($"'{name}'", StringComparison.Ordinal)) ?? string.Empty;
            store.Add(new FieldIdentifier(context.Model, field), message);
        }

        context.NotifyValidationStateChanged();
        return errors.Count > 0;
    }
}

/// <summary>How times and sizes are written on the pages.</summary>
internal static class Display
{
    public static string Time(DateTimeOffset? value) =>
        value is { } time ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "never";

    public static string Size(double? gigabytes) =>
        gigabytes is { } gb ? gb.ToString("0.0", CultureInfo.InvariantCulture) + " GB" : "–";

    public static string Money(decimal? amount, string? currency) =>
        amount is { } value ? $"{value.ToString("0.00", CultureInfo.InvariantCulture)} {currency}" : "–";

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
