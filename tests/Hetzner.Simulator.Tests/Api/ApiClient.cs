using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Hetzner.Simulator.Tests.Api;

/// <summary>A raw HTTP view of a simulator, for behaviour the CLI cannot show.</summary>
internal sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;

    public ApiClient(SimulatorHost sim, string? token = SimulatorDefaults.ReadWriteToken)
    {
        _http = new HttpClient { BaseAddress = new Uri(sim.ApiBaseUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public Task<ApiAnswer> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<ApiAnswer> SendAsync(HttpMethod method, string path, string? json)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return SendAsync(request);
    }

    public async Task<ApiAnswer> SendAsync(HttpRequestMessage request)
    {
        using (request)
        using (var response = await _http.SendAsync(request))
        {
            var body = await response.Content.ReadAsStringAsync();
            return new ApiAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), response.Headers, body);
        }
    }

    public void Dispose() => _http.Dispose();
}

internal sealed record ApiAnswer(int Status, string? ContentType, HttpResponseHeaders Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string? ErrorCode => Json.GetProperty("error").GetProperty("code").GetString();

    public IReadOnlyList<long> Ids(string collection) =>
        [.. Json.GetProperty(collection).EnumerateArray().Select(e => e.GetProperty("id").GetInt64())];

    public JsonElement Pagination => Json.GetProperty("meta").GetProperty("pagination");
}
