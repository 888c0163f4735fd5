using System.Text.Json;
using Hetzner.Simulator.Selectors;

namespace Hetzner.Simulator.Api;

/// <summary>
/// A JSON request body read by hand rather than model-bound, so that unknown keys, nulls and wrong types give the
/// API's own errors.
/// </summary>
internal sealed class RequestBody
{
    private readonly Dictionary<string, JsonElement> _fields;

    private RequestBody(Dictionary<string, JsonElement> fields) => _fields = fields;

    /// <summary>An empty body counts as <c>{}</c>: clients omit it when they have nothing to send.</summary>
    public static async Task<RequestBody> ReadAsync(HttpRequest request, IReadOnlyCollection<string> allowedFields)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (buffer.Length == 0)
        {
            return new RequestBody([]);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException)
        {
            throw new ApiException("json_error", "request body is not valid JSON");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ApiException("json_error", "request body must be a JSON object");
            }

            var fields = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
            var unknown = fields.Keys.FirstOrDefault(k => !allowedFields.Contains(k));
            return unknown is null ? new RequestBody(fields) : throw ApiException.InvalidInput(unknown, "is not an allowed field");
        }
    }

    /// <summary>Null for a missing key and for JSON null alike.</summary>
    public string? String(string name) => Value(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        _ => throw ApiException.InvalidInput(name, "must be a string"),
    };

    public bool? Bool(string name) => Value(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw ApiException.InvalidInput(name, "must be a boolean"),
    };

    /// <summary>An id or a name, as the API takes for <c>image</c>, <c>server_type</c> and <c>location</c>: a JSON
    /// number or a string (Go clients send a number when they know the id).</summary>
    public string? IdOrName(string name) => Value(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        { ValueKind: JsonValueKind.Number } v when v.TryGetInt64(out var id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => throw ApiException.InvalidInput(name, "must be an ID or a name"),
    };

    /// <summary>The raw value of a key, null when it is missing or JSON null.</summary>
    public JsonElement? Raw(string name) => Value(name);

    /// <summary>Validated labels, or null when absent.</summary>
    public Dictionary<string, string>? Labels(string name = "labels")
    {
        if (Value(name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.InvalidInput(name, "must be an object");
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            labels[property.Name] = property.Value.ValueKind == JsonValueKind.String
                ? property.Value.GetString()!
                : throw ApiException.InvalidInput(name, $"value of '{property.Name}' must be a string");
        }

        return LabelRules.FindProblem(labels) is { } problem ? throw ApiException.InvalidInput(name, problem) : labels;
    }

    private JsonElement? Value(string name) =>
        _fields.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
}
