using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace PanelHost.Tests;

/// <summary>Bad input to the JSON API gets a ProblemDetails that says where it is wrong, and nothing is stored.</summary>
public sealed class ApiErrorTests(PanelFixture fixture) : IClassFixture<PanelFixture>
{
    [Theory]
    [InlineData("{\"enabled\":tru", "$.enabled")]
    [InlineData("{\"enabled\":\"yes\",\"frequencyHours\":6,\"retentionDays\":7,\"keepNewest\":1}", "$.enabled")]
    [InlineData("{\"enabled\":true,\"frequencyHours\":\"six\",\"retentionDays\":7,\"keepNewest\":1}", "$.frequencyHours")]
    [InlineData("{\"frequencyHours\":6,\"retentionDays\":7,\"keepNewest\":1}", "enabled")]
    public async Task Unreadable_body_is_a_400_naming_the_place_and_nothing_is_stored(string body, string field)
    {
        var client = fixture.Factory.CreateApiClient();
        var before = await client.GetStringAsync(new Uri("/api/modules/hetzner/settings", UriKind.Relative));

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var answer = await client.PutAsync(new Uri("/api/modules/hetzner/settings/schedule", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        Assert.Equal(before, await client.GetStringAsync(new Uri("/api/modules/hetzner/settings", UriKind.Relative)));
    }

    [Theory]
    [InlineData("GET", "/api/modules/hetzner/snapshots?page=abc", null, "page")]
    [InlineData("POST", "/api/modules/hetzner/prune?dryRun=maybe", null, "dryRun")]
    [InlineData("GET", "/api/events?take=abc", null, "take")]
    [InlineData("GET", "/api/notifications?unreadOnly=maybe", null, "unreadOnly")]
    [InlineData("PUT", "/api/modules/hetzner/settings/token", null, "body")]
    [InlineData("PUT", "/api/modules/hetzner/settings/schedule", "", "body")]
    public async Task Unreadable_query_or_missing_body_is_a_400_naming_the_field(string method, string path, string? body, string field)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var answer = await fixture.Factory.CreateApiClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.GetRawText());
        Assert.DoesNotContain("Did you mean", messages[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_api_route_is_a_problem_not_an_html_page()
    {
        using var answer = await fixture.Factory.CreateApiClient().GetAsync(new Uri("/api/nothing-here", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.DoesNotContain("<html", await answer.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
