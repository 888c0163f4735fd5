using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PanelHost.Tests;

/// <summary>One host per test class, with the bootstrap admin and automation key.</summary>
public sealed class PanelFixture : IDisposable
{
    private readonly LoginHelper _login;

    public PanelFixture() => _login = new LoginHelper(Factory);

    public PanelFactory Factory { get; } = new();

    public Task<HttpClient> LoggedInClientAsync() => _login.LoggedInClientAsync();

    public void Dispose() => Factory.Dispose();
}

/// <summary>Logs in through the real login form, antiforgery token and all.</summary>
public sealed partial class LoginHelper(PanelFactory factory) : IDisposable
{
    private readonly List<HttpClient> _clients = [];

    /// <summary>Logs in through the real login form (antiforgery token and all) and returns a client holding the session cookie.</summary>
    public async Task<HttpClient> LoggedInClientAsync()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        _clients.Add(client);
        await LogInAsync(client);
        return client;
    }

    /// <summary>Logs a client that keeps cookies and does not follow redirects in as the bootstrap admin.</summary>
    public static async Task LogInAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var answer = await PostLoginAsync(client, PanelFactory.AdminUser, PanelFactory.AdminPassword);
        if (answer.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Login failed: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Fetches the login form at <paramref name="path"/> (for its antiforgery token) and posts it back.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string user, string password, string path = "/login")
    {
        var form = await client.GetStringAsync(new Uri(path, UriKind.Relative));
        using var post = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = AntiforgeryToken(form),
            ["Model.UserName"] = user,
            ["Model.Password"] = password,
        });
        return await client.PostAsync(new Uri(path, UriKind.Relative), post);
    }

    public static string AntiforgeryToken(string html) =>
        TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("No antiforgery token in the page.");

    public void Dispose() => _clients.ForEach(c => c.Dispose());

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
