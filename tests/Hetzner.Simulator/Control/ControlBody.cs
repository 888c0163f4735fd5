using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hetzner.Simulator.Control;

/// <summary>
/// Reads a <c>/_sim</c> request body strictly: unknown fields and mistyped values become an
/// <see cref="ArgumentException"/> naming the field, which the control filter answers with 400.
/// </summary>
internal static class ControlBody
{
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerOptions.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static T Read<T>(JsonElement body)
        where T : class
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("The body must be a JSON object.");
        }

        try
        {
            return body.Deserialize<T>(Strict) ?? throw new ArgumentException("The body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new ArgumentException(Describe(e), e);
        }
    }

    /// <summary>Names the field by its JSON path without the leading "$.", for example <c>images[1].created</c>.</summary>
    private static string Describe(JsonException e)
    {
        var field = e.Path is null or "$" ? null : e.Path.TrimStart('$').TrimStart('.');
        return field is null ? "The body is not valid JSON for this endpoint."
            : e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? $"{field} is not a known field."
            : $"{field} has a value of the wrong type.";
    }
}
