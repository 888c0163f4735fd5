using System.Diagnostics;

namespace PanelHost.Tests;

/// <summary>bench/lib.sh, which every benchmark sources (issue 14): a failure it reported must end the script with a
/// non-zero status, or ./test.sh counts the benchmark as passed.</summary>
public sealed class BenchLibTests
{
    [Fact]
    public async Task A_failure_inside_a_figures_argument_ends_the_script_with_its_step_and_a_failing_status()
    {
        using var folder = new TempDataFolder("bench-lib-");
        var script = Path.Combine(folder.Path, "run.sh");
        // The shape of `figure "list call" "$(curl -w '%{time_total}' ...)"`: curl prints a number even when it fails.
        await File.WriteAllTextAsync(script, $$"""
            source '{{Path.Combine(RepositoryRoot(), "bench", "lib.sh")}}'
            step "timing one call"
            took=$(figure "call" "$(echo 0.000; false)")
            echo "figures: $took"
            """);

        using var bash = Process.Start(new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("bash did not start");
        var output = bash.StandardOutput.ReadToEndAsync();
        var errors = bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();

        Assert.Contains("FAILED in step \"timing one call\"", await errors, StringComparison.Ordinal);
        Assert.DoesNotContain("figures:", await output, StringComparison.Ordinal);
        Assert.NotEqual(0, bash.ExitCode);
    }

    internal static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "bench", "lib.sh")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("bench/lib.sh not found above " + AppContext.BaseDirectory);
    }
}
