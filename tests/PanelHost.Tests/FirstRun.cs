namespace PanelHost.Tests;

/// <summary>First-run setup as an admin does it: with the setup code the panel wrote into its data folder.</summary>
public static class FirstRun
{
    public static string SetupCodeFile(string dataPath) => Path.Combine(dataPath, PanelHost.Auth.SetupCode.FileName);

    /// <summary>Waits for the file: a panel started as a process writes it while it prepares its data.</summary>
    public static async Task<string> SetupCodeAsync(string dataPath)
    {
        var file = SetupCodeFile(dataPath);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!File.Exists(file) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return (await File.ReadAllTextAsync(file)).Trim();
    }

    /// <summary>Posts the setup form (<paramref name="form"/> is the page it came from, for its antiforgery token).</summary>
    public static async Task<HttpResponseMessage> PostSetupAsync(HttpClient client, string form, string? code, string user, string password, string? confirm = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["_handler"] = "setup",
            ["__RequestVerificationToken"] = LoginHelper.AntiforgeryToken(form),
            ["Model.UserName"] = user,
            ["Model.Password"] = password,
            ["Model.Confirm"] = confirm ?? password,
        };
        if (code is not null)
        {
            fields["Model.SetupCode"] = code;
        }

        using var body = new FormUrlEncodedContent(fields);
        return await client.PostAsync(new Uri("/setup", UriKind.Relative), body);
    }
}
