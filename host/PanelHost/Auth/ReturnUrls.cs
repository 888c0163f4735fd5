namespace PanelHost.Auth;

/// <summary>Where the login page sends the admin afterwards.</summary>
internal static class ReturnUrls
{
    private static readonly Uri Panel = new("http://panel.invalid/");

    /// <summary>
    /// A local path only (an open redirect after login would hand the session to a phishing page), escaped to ASCII:
    /// a Location header cannot carry anything else, and "/é" made the successful login answer 500 without a session.
    /// Anything else leads to the dashboard.
    /// </summary>
    public static string LocalOrHome(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl[0] != '/' || returnUrl.StartsWith("//", StringComparison.Ordinal)
            || returnUrl.StartsWith("/\\", StringComparison.Ordinal) || returnUrl.Any(char.IsControl)
            || !Uri.TryCreate(Panel, returnUrl, out var target) || target.Authority != Panel.Authority)
        {
            return "/";
        }

        return target.PathAndQuery + target.Fragment;
    }
}
