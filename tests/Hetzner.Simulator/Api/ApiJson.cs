using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hetzner.Simulator.Api;

/// <summary>Serialisation exactly as the API answers: snake_case keys, nulls written, RFC 3339 UTC timestamps.</summary>
internal static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new TimestampConverter() },
    };

    /// <summary>An answer with the bare <c>application/json</c> content type the Go client checks for.</summary>
    public static IResult Answer(object body, int status = StatusCodes.Status200OK) => new JsonAnswer(body, status);

    public static Task WriteAsync(HttpResponse response, object body, int status)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(response.Body, body, body.GetType(), Options, response.HttpContext.RequestAborted);
    }

    private sealed class JsonAnswer(object body, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext.Response, body, status);
    }

    private sealed class TimestampConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }
}
