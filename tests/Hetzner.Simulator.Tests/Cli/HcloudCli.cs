using System.Diagnostics;

namespace Hetzner.Simulator.Tests.Cli;

internal sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    public string Output => StdOut + StdErr;
}

/// <summary>Runs the Debian hcloud CLI (1.30.3) against a simulator, the way hetzner-api.md section 1 describes.</summary>
internal static class HcloudCli
{
    public const string ExecutablePath = "/usr/bin/hcloud";

    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    public static async Task<CliResult> RunAsync(SimulatorHost simulator, string token, params string[] arguments)
    {
        if (!File.Exists(ExecutablePath))
        {
            Assert.Fail($"The hcloud CLI is missing at {ExecutablePath}; these conformance tests need it. Install it with `apt-get install -y hcloud-cli`.");
        }

        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("HCLOUD_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["HCLOUD_ENDPOINT"] = simulator.ApiBaseUrl;
        start.Environment["HCLOUD_TOKEN"] = token;
        start.Environment["HCLOUD_CONFIG"] = "/nonexistent";
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("hcloud did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ProcessTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"hcloud {string.Join(' ', arguments)} did not finish within {ProcessTimeout.TotalSeconds} s");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
