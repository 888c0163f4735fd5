using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PanelHost.Tests.Alerts;

/// <summary>Serves one CRL over plain HTTP on a free loopback port, as a CA's CRL distribution point does; any path
/// gets it. Just enough HTTP/1.1 for the runtime's CRL download (one GET per connection).</summary>
internal sealed class CrlServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;
    private byte[] _crl = [];
    private int _requests;

    private CrlServer()
    {
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/ca.crl";

    public int Requests => Volatile.Read(ref _requests);

    public static Task<CrlServer> StartAsync()
    {
        var server = new CrlServer();
        server._listener.Start();
        server._running = server.AcceptAsync();
        return Task.FromResult(server);
    }

    /// <param name="crl">The DER-encoded CRL to answer with.</param>
    public void Serve(byte[] crl) => Volatile.Write(ref _crl, crl);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            await using var stream = client.GetStream();
            var request = new StringBuilder();
            var buffer = new byte[1024];
            while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                request.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            Interlocked.Increment(ref _requests);
            var crl = Volatile.Read(ref _crl);
            var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/pkix-crl\r\nContent-Length: {crl.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
            await stream.WriteAsync(crl, _stop.Token);
        }
    }
}
