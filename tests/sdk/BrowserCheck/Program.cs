using Microsoft.Playwright;

// Usage: BrowserCheck <panel url> <user> <password> <module id> <tab path> <assembly name>
// Logs in, opens the module from its menu entry, saves a note with the tab's form, and checks that the module's
// stylesheet (/_content/<AssemblyName>/...) was applied under the panel's content security policy.
if (args.Length != 6)
{
    Console.Error.WriteLine("usage: BrowserCheck <url> <user> <password> <module id> <tab path> <assembly name>");
    return 2;
}

var (url, user, password, id, tab, assemblyName) = (args[0].TrimEnd('/'), args[1], args[2], args[3], args[4], args[5]);
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
var page = await browser.NewPageAsync();
var blocked = new List<string>();
page.Console += (_, message) =>
{
    if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
    {
        blocked.Add(message.Text);
    }
};

await page.GotoAsync($"{url}/login");
await page.FillAsync("input[name='Model.UserName']", user);
await page.FillAsync("input[name='Model.Password']", password);
await page.ClickAsync("button[type='submit']");
await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));

await page.ClickAsync($"a.menu-item[href*='/m/{id}/']");
await page.WaitForURLAsync($"**/m/{id}/{tab}");
await page.FillAsync("#note-text", "saved from chromium");
await page.ClickAsync(".notes button[type='submit']");
await page.WaitForSelectorAsync(".notes-saved");
var saved = await page.TextContentAsync(".notes-list");
var color = await page.EvalOnSelectorAsync<string>(".notes-saved", "e => getComputedStyle(e).color");
var cssLoaded = await page.EvaluateAsync<bool>($"() => [...document.styleSheets].some(s => (s.href || '').includes('/_content/{assemblyName}/'))");

var problems = new List<string>();
if (saved?.Contains("saved from chromium", StringComparison.Ordinal) != true)
{
    problems.Add($"the saved note is not listed: {saved}");
}

if (!cssLoaded || color != "rgb(27, 94, 32)")
{
    problems.Add($"the module's stylesheet was not applied (loaded: {cssLoaded}, colour {color})");
}

problems.AddRange(blocked.Select(b => "blocked: " + b));
foreach (var problem in problems)
{
    Console.Error.WriteLine(problem);
}

Console.WriteLine(problems.Count == 0 ? "browser check passed" : "browser check FAILED");
return problems.Count == 0 ? 0 : 1;
