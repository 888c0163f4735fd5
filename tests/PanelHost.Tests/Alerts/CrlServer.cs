using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PanelHost.Tests.Alerts;

/// <summary>Serves one CRL over plain HTTP on a free loopback port, as a CA's CRL distribution point does (Kestrel, as
/// <see cref="LoopbackWebApp"/>); any path gets it, and it counts the requests.</summary>
internal sealed class CrlServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private byte[] _crl = [];
    private int _requests;

    private CrlServer(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<CrlServer> StartAsync()
    {
        // Requests come only once the URL is known, after the server below exists.
        CrlServer? server = null;
        var (app, url) = await LoopbackWebApp.StartAsync(app => app.MapGet("/{**path}", () =>
        {
            Interlocked.Increment(ref server!._requests);
            return Results.Bytes(Volatile.Read(ref server._crl), "application/pkix-crl");
        }));
        server = new CrlServer(app) { Url = url + "/ca.crl" };
        return server;
    }

    /// <param name="crl">The DER-encoded CRL to answer with.</param>
    public void Serve(byte[] crl) => Volatile.Write(ref _crl, crl);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
