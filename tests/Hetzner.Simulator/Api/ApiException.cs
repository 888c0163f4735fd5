namespace Hetzner.Simulator.Api;

/// <summary>
/// An API error as Hetzner reports it. Thrown anywhere below an endpoint and turned into the error envelope by
/// <see cref="ApiErrorMiddleware"/>, so that validation and state rules stay free of HTTP plumbing.
/// </summary>
internal sealed class ApiException(string code, string message, object? details = null) : Exception(message)
{
    public string Code { get; } = code;

    public object Details { get; } = details ?? new Dictionary<string, object>();

    public int Status => ApiErrorCodes.StatusOf(Code);

    public static ApiException NotFound(string what) => new("not_found", $"{what} not found");

    public static ApiException InvalidInput(string field, string message) =>
        new("invalid_input", $"invalid input in field '{field}'", new { fields = new[] { new { name = field, messages = new[] { message } } } });

    public static ApiException InvalidInput(string message) => new("invalid_input", message);

    public static ApiException Unsupported(string message) => new("unsupported_error", message);
}

/// <summary>HTTP status for each documented error code (hetzner-api.md section 6).</summary>
internal static class ApiErrorCodes
{
    private static readonly Dictionary<string, int> Statuses = new(StringComparer.Ordinal)
    {
        ["json_error"] = 400,
        ["unauthorized"] = 401,
        ["token_readonly"] = 401,
        ["forbidden"] = 403,
        ["maintenance"] = 403,
        ["resource_limit_exceeded"] = 403,
        ["not_found"] = 404,
        ["method_not_allowed"] = 405,
        ["uniqueness_error"] = 409,
        ["conflict"] = 409,
        ["deprecated_api_endpoint"] = 410,
        ["resource_unavailable"] = 412,
        ["invalid_input"] = 422,
        ["service_error"] = 422,
        ["unsupported_error"] = 422,
        ["locked"] = 423,
        ["protected"] = 423,
        ["rate_limit_exceeded"] = 429,
        ["server_error"] = 500,
        ["bad_gateway"] = 502,
        ["unavailable"] = 503,
        ["timeout"] = 504,
    };

    public static int StatusOf(string code) => Statuses.TryGetValue(code, out var status) ? status : 500;
}
