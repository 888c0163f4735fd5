using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PanelHost.Tests;

/// <summary><c>dotnet PanelHost.dll</c> from the test output as a process of its own, with its output collected;
/// killed when disposed. For what only a real process shows: start-up, stop signals, a data folder on another server.</summary>
internal sealed class RunningPanel : IDisposable
{
    private readonly ConcurrentQueue<string> _output = new();

    private RunningPanel(Process process, int port)
    {
        Process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public string Output => string.Join('\n', _output);

    /// <param name="data">The data folder.</param>
    /// <param name="apiBaseUrl">The Hetzner API (a simulator); by default an address that never answers.</param>
    /// <param name="metadataBaseUrl">The metadata service (a simulator); by default an address that never answers.</param>
    public static RunningPanel Start(string data, string? apiBaseUrl = null, string? metadataBaseUrl = null)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.Environment["Panel__DataPath"] = data;
        info.Environment["Panel__PluginsPath"] = PanelFactory.PluginsFolder();
        // Nothing in a test may reach the real metadata address, even by accident.
        info.Environment["Modules__hetzner__MetadataBaseUrl"] = metadataBaseUrl ?? "http://127.0.0.1:9/hetzner/v1/metadata";
        info.Environment["Modules__hetzner__ApiBaseUrl"] = apiBaseUrl ?? "http://127.0.0.1:9/v1";
        return new RunningPanel(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"), port);
    }

    /// <summary>The first answer of /healthz once the panel listens.</summary>
    public async Task<HttpStatusCode> PollHealthAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var answer = await Http.GetAsync(new Uri("/healthz", UriKind.Relative));
                return answer.StatusCode;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public void Dispose()
    {
        Http.Dispose();
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }

        Process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
