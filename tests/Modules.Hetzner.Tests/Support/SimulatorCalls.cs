using System.Text;
using Hetzner.Simulator;

namespace Modules.Hetzner.Tests.Support;

/// <summary>Changes at Hetzner made behind the panel's back (as an admin in the Hetzner Console would).</summary>
internal static class SimulatorCalls
{
    public static Task DeleteImageAsync(this SimulatorHost simulator, long imageId) =>
        SendAsync(simulator, HttpMethod.Delete, $"images/{imageId}", null);

    public static Task ProtectImageAsync(this SimulatorHost simulator, long imageId) =>
        SendAsync(simulator, HttpMethod.Post, $"images/{imageId}/actions/change_protection", "{\"delete\":true}");

    private static async Task SendAsync(SimulatorHost simulator, HttpMethod method, string path, string? json)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(method, new Uri($"{simulator.ApiBaseUrl}/{path}"));
        request.Headers.Authorization = new("Bearer", SimulatorDefaults.ReadWriteToken);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }
}
