using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PanelHost.Tests;

/// <summary><c>dotnet PanelHost.dll</c> from the test output, with its output collected; killed when disposed.</summary>
internal sealed class RunningPanel : IDisposable
{
    private readonly ConcurrentQueue<string> _output = new();

    private RunningPanel(Process process, int port)
    {
        Process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(120) }; // a loaded machine can take long over a first request
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    /// <summary>The plain HTTP port (<c>--urls</c>).</summary>
    public int Port { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public string Output => string.Join('\n', _output);

    /// <param name="data">The data folder.</param>
    /// <param name="environment">More settings, as environment variables (<c>Panel__Https__Port</c>, ...).</param>
    public static RunningPanel Start(string data, IReadOnlyDictionary<string, string>? environment = null)
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
        info.Environment["Modules__hetzner__MetadataBaseUrl"] = "http://127.0.0.1:9/hetzner/v1/metadata";
        info.Environment["Modules__hetzner__ApiBaseUrl"] = "http://127.0.0.1:9/v1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

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
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !Process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Waits until /healthz answers 200 (the data and modules are ready).</summary>
    public async Task WaitUntilHealthyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await PollHealthAsync() != HttpStatusCode.OK)
        {
            if (DateTime.UtcNow > deadline || Process.HasExited)
            {
                throw new TimeoutException($"The panel did not become healthy. Output:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits until a line of the output matches (output is read asynchronously, a little after it is written).</summary>
    public async Task<string> WaitForOutputAsync(Func<string, bool> match, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_output.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The panel never logged {what}. Output:\n{Output}");
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

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
