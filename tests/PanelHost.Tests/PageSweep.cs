using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace PanelHost.Tests;

/// <summary>
/// Checks one page the way issue 11 asks: nothing wider than the window, 0 serious or critical axe violations, and a
/// screenshot kept as a test artefact (<c>bin/.../artifacts/ui/</c>).
/// </summary>
public static class PageSweep
{
    public static readonly ViewportSize Desktop = new() { Width = 1440, Height = 900 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    public static string ArtifactsFolder => Path.Combine(AppContext.BaseDirectory, "artifacts", "ui");

    public static async Task<IPage> NewPageAsync(IBrowser browser, ViewportSize size)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = size });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Opens <paramref name="url"/> and returns what is wrong with it (empty when nothing is).</summary>
    public static async Task<IReadOnlyList<string>> CheckAsync(IPage page, string url, string name)
    {
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        return await CheckCurrentAsync(page, name);
    }

    public static async Task<IReadOnlyList<string>> CheckCurrentAsync(IPage page, string name)
    {
        var size = page.ViewportSize!;
        var label = $"{name} at {size.Width}x{size.Height}";
        var problems = new List<string>();
        Directory.CreateDirectory(ArtifactsFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsFolder, $"{name}-{size.Width}x{size.Height}.png"), FullPage = true });

        foreach (var overflow in await OverflowAsync(page))
        {
            problems.Add($"{label}: {overflow}");
        }

        var axe = await page.RunAxe();
        foreach (var violation in axe.Violations.Where(v => v.Impact is "serious" or "critical"))
        {
            var targets = string.Join(" | ", violation.Nodes.Take(4).Select(n => n.Target?.ToString()));
            problems.Add($"{label}: axe {violation.Impact} {violation.Id} ({violation.Help}) at {targets}");
        }

        return problems;
    }

    /// <summary>The document's width beyond the window, and every visible element whose right edge lies beyond it
    /// (elements inside a container that scrolls or clips them sideways are that container's business).</summary>
    public static async Task<IReadOnlyList<string>> OverflowAsync(IPage page) =>
        await page.EvaluateAsync<string[]>("""
            () => {
              const width = window.innerWidth;
              const found = [];
              if (document.documentElement.scrollWidth > width) {
                found.push(`document is ${document.documentElement.scrollWidth}px wide, the window ${width}px`);
              }
              const clipped = el => {
                for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                  const o = getComputedStyle(p).overflowX;
                  if (o !== 'visible') return true;
                }
                return false;
              };
              for (const el of document.body.querySelectorAll('*')) {
                const r = el.getBoundingClientRect();
                if (r.width === 0 || r.height === 0) continue;
                if (r.right > width + 1 && !clipped(el)) {
                  const id = el.id ? '#' + el.id : (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
                  found.push(`<${el.tagName.toLowerCase()}${id}> ends at ${Math.round(r.right)}px`);
                  if (found.length > 8) break;
                }
              }
              return found;
            }
            """) ?? [];
}
