using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace PanelHost.Tests;

/// <summary><c>dotnet PanelHost.dll</c> from the test output as a process of its own, on a given data folder, with its
/// output collected; killed when disposed. The one helper of the process tests (restart, <c>kill -9</c>, HTTPS, backup).
/// Its waits are generous: a loaded machine can take long over a start or a first request, and the outcome, not the
/// time, is what is tested.</summary>
public sealed class PanelProcess : IDisposable
{
    private readonly ConcurrentQueue<string> _output = new();

    private PanelProcess(Process process, int port)
    {
        Process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
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

    /// <summary>A client with the bootstrap automation key.</summary>
    public HttpClient ApiClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", PanelFactory.ApiKey);
        return client;
    }

    /// <summary>A client that keeps cookies and does not follow redirects, as a browser session.</summary>
    public HttpClient SessionClient() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>The JSON log lines' messages, in order.</summary>
    public IReadOnlyList<(string Level, string Message)> LogEntries => [.. _output.Select(Parse).OfType<(string, string)>()];

    /// <param name="data">The data folder.</param>
    /// <param name="bootstrap">Whether the bootstrap admin and automation key of <see cref="PanelFactory"/> are configured.</param>
    /// <param name="environment">More settings, as environment variables (<c>Panel__Https__Port</c>, the simulator's
    /// <c>Modules__hetzner__ApiBaseUrl</c>, ...); they win over the defaults.</param>
    public static PanelProcess Start(string data, bool bootstrap = false, IReadOnlyDictionary<string, string>? environment = null)
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
        if (bootstrap)
        {
            info.Environment["Panel__Bootstrap__AdminUser"] = PanelFactory.AdminUser;
            info.Environment["Panel__Bootstrap__AdminPassword"] = PanelFactory.AdminPassword;
            info.Environment["Panel__Bootstrap__ApiKey"] = PanelFactory.ApiKey;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return new PanelProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"), port);
    }

    /// <summary>The settings that point the Hetzner module at a simulator, with Hetzner's actions polled fast; add to
    /// them what a test needs besides.</summary>
    public static Dictionary<string, string> HetznerSettings(string apiBaseUrl, string metadataBaseUrl) => new()
    {
        ["Modules__hetzner__ApiBaseUrl"] = apiBaseUrl,
        ["Modules__hetzner__MetadataBaseUrl"] = metadataBaseUrl,
        ["Modules__hetzner__MetadataTimeout"] = "00:00:15",
        ["Modules__hetzner__Resilience__ActionPollInterval"] = "00:00:00.100",
        ["Modules__hetzner__Resilience__ActionPollMaxInterval"] = "00:00:00.200",
    };

    /// <summary>Saves a Hetzner API token through the automation API (bootstrap key), as an admin's first step.</summary>
    public async Task SaveHetznerTokenAsync(string token)
    {
        using var api = ApiClient();
        using var saved = await api.PutAsJsonAsync("api/modules/hetzner/settings/token", new { token });
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
    }

    /// <summary>The first answer of /healthz once the panel listens.</summary>
    public async Task<HttpStatusCode> PollHealthAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                using var answer = await Http.GetAsync(new Uri("/healthz", UriKind.Relative));
                return answer.StatusCode;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !Process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Waits until /healthz answers 200 (the data and modules are ready).</summary>
    public async Task WaitUntilHealthyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (await PollHealthAsync() != HttpStatusCode.OK)
        {
            if (DateTime.UtcNow > deadline || Process.HasExited)
            {
                throw new TimeoutException($"The panel did not become healthy. Output:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Reads until <paramref name="done"/> holds, and answers the last value.</summary>
    public async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The panel did not get there within 90 seconds. Last value: {value}\nIts log:\n{Output}");
            await Task.Delay(200);
        }
    }

    /// <summary>Waits until a line of the output matches (output is read asynchronously, a little after it is written).</summary>
    public async Task<string> WaitForOutputAsync(Func<string, bool> match, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
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

    /// <summary>Waits until the panel has prepared its data, and answers what /healthz then says.</summary>
    public async Task<(HttpStatusCode Status, string Body)> ReadyHealthAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            try
            {
                using var answer = await Http.GetAsync(new Uri("/healthz", UriKind.Relative));
                var body = await answer.Content.ReadAsStringAsync();
                if (body != "Starting")
                {
                    return (answer.StatusCode, body);
                }
            }
            catch (HttpRequestException) when (!Process.HasExited)
            {
            }

            if (DateTime.UtcNow > deadline || Process.HasExited)
            {
                throw new InvalidOperationException($"The panel did not get ready.\n{Output}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Waits for the process to end on its own (a refusal to start) and answers its exit code.</summary>
    public async Task<int> ExitCodeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await Process.WaitForExitAsync(timeout.Token);
        return Process.ExitCode;
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

    private static (string, string)? Parse(string line)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            return json.RootElement.TryGetProperty("LogLevel", out var level) && json.RootElement.TryGetProperty("Message", out var message)
                ? (level.GetString() ?? "", message.GetString() ?? "")
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
