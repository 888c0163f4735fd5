using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace PanelHost.Tests.Alerts;

/// <summary>A real SMTP server on a free loopback port that speaks TLS (netDumbster does not): STARTTLS, or TLS from
/// the first byte. It wants a login, and only over TLS, and records each message with whether its session was secure
/// and who logged in.</summary>
internal sealed class TlsSmtpServer : IAsyncDisposable
{
    public const string User = "panel";

    public const string Password = "smtp-password-over-tls";

    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ReceivedMail> _received = new();
    private Task _running = Task.CompletedTask;

    private TlsSmtpServer()
    {
    }

    public int Port { get; private set; }

    public IReadOnlyList<ReceivedMail> Received => [.. _received];

    /// <param name="certificate">The server's certificate, with its private key.</param>
    /// <param name="implicitTls">TLS from the first byte (port 465 style); otherwise plain with STARTTLS offered.</param>
    public static async Task<TlsSmtpServer> StartAsync(X509Certificate2 certificate, bool implicitTls)
    {
        var smtp = new TlsSmtpServer();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e
                .Endpoint(new IPEndPoint(IPAddress.Loopback, 0))
                .Certificate(certificate)
                .IsSecure(implicitTls)
                .AuthenticationRequired(true)
                .AllowUnsecureAuthentication(false))
            .Build();
        var listeners = new EndpointListenerFactory();
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(new Store(smtp._received));
        services.Add(new DelegatingUserAuthenticator((user, password) => user == User && password == Password));
        smtp._running = new SmtpServer.SmtpServer(options, services).StartAsync(smtp._stop.Token);
        smtp.Port = await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return smtp;
    }

    /// <summary>A self-signed server certificate for the given names (a DNS name, or an IP address in its own SAN entry).</summary>
    public static X509Certificate2 Certificate(string subject, params string[] names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return ServerRequest(subject, key, names).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>A private root CA (CA basic constraints, may sign certificates and CRLs), as a provider's internal
    /// mail relay would use.</summary>
    public static X509Certificate2 CertificateAuthority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow.AddDays(60));
    }

    /// <summary>A server certificate for 127.0.0.1 and localhost issued by <paramref name="authority"/>, valid from
    /// <paramref name="notBefore"/> to <paramref name="notAfter"/>.</summary>
    /// <param name="authority">The issuing CA, with its private key.</param>
    /// <param name="crlUrl">The CRL distribution point it names, or none.</param>
    /// <param name="notBefore">Start of validity.</param>
    /// <param name="notAfter">End of validity.</param>
    public static X509Certificate2 Issue(X509Certificate2 authority, string? crlUrl, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = ServerRequest("localhost", key, ["127.0.0.1", "localhost"]);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        if (crlUrl is not null)
        {
            request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([crlUrl]));
        }

        using var issued = request.Create(authority, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }

    private static CertificateRequest ServerRequest(string subject, ECDsa key, string[] names)
    {
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                san.AddIpAddress(address);
            }
            else
            {
                san.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private sealed class Store(ConcurrentQueue<ReceivedMail> received) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            received.Enqueue(new ReceivedMail(
                MimeMessage.Load(new MemoryStream(buffer.ToArray())),
                context.Pipe.IsSecure,
                context.Authentication.IsAuthenticated ? context.Authentication.User : null));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}

/// <param name="Message">The message as it arrived.</param>
/// <param name="Secure">Whether the session was under TLS when the message was sent.</param>
/// <param name="User">Who logged in, if anyone.</param>
internal sealed record ReceivedMail(MimeMessage Message, bool Secure, string? User);
