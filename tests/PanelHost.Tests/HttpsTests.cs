using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Playwright;
using PanelHost.Https;

namespace PanelHost.Tests;

/// <summary>The built-in HTTPS listener of a real panel process (issue 15): the certificate it makes and logs, kept
/// by a restart; a supplied PEM pair, replaced while it runs; HSTS and the redirect from plain HTTP.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes
public sealed class HttpsTests
{
    [Fact]
    public async Task The_generated_certificate_is_served_with_the_logged_fingerprint_and_kept_across_a_restart()
    {
        using var folder = new TempDataFolder("panel-https-");
        var httpsPort = PanelProcess.FreePort();
        string fingerprint;
        using (var panel = StartWithHttps(folder.Path, httpsPort))
        {
            await panel.WaitUntilHealthyAsync();
            var served = await ServedCertificateAsync(httpsPort);
            fingerprint = SelfSignedCertificate.Fingerprint(served);
            var logged = await panel.WaitForOutputAsync(l => l.Contains("SHA-256 fingerprint", StringComparison.Ordinal), "the fingerprint");
            Assert.Contains("generated in", logged, StringComparison.Ordinal);
            Assert.Contains(fingerprint, logged, StringComparison.Ordinal);

            var names = served.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
            Assert.Contains(Dns.GetHostName(), names.EnumerateDnsNames());
            Assert.Contains(IPAddress.Loopback, names.EnumerateIPAddresses());
            Assert.InRange(PanelCertificate.NotAfter(served) - DateTimeOffset.UtcNow, TimeSpan.FromDays(364), TimeSpan.FromDays(366));
            var tls = Path.Combine(folder.Path, PanelCertificate.FolderName);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(tls));
            Assert.All(Directory.GetFiles(tls), f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));

            using var plain = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = panel.Http.BaseAddress };
            using (var login = await plain.GetAsync(new Uri("/login?x=1", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.TemporaryRedirect, login.StatusCode);
                Assert.Equal($"https://127.0.0.1:{httpsPort}/login?x=1", login.Headers.Location?.OriginalString);
            }

            using (var health = await plain.GetAsync(new Uri("/healthz", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                Assert.False(health.Headers.Contains("Strict-Transport-Security"));
            }

            // HSTS is left out for localhost names (the framework's rule: it would pin every port of the admin's own
            // machine); the panel's real name gets it.
            using var secure = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, ServerCertificateCustomValidationCallback = (_, _, _, _) => true });
            using var request = new HttpRequestMessage(HttpMethod.Get, $"https://127.0.0.1:{httpsPort}/login");
            request.Headers.Host = $"panel.example:{httpsPort}";
            using var answer = await secure.SendAsync(request);
            Assert.Equal("max-age=31536000", string.Join(',', answer.Headers.GetValues("Strict-Transport-Security")));
        }

        using (var restarted = StartWithHttps(folder.Path, httpsPort))
        {
            await restarted.WaitUntilHealthyAsync();
            Assert.Equal(fingerprint, SelfSignedCertificate.Fingerprint(await ServedCertificateAsync(httpsPort)));
            var logged = await restarted.WaitForOutputAsync(l => l.Contains("SHA-256 fingerprint", StringComparison.Ordinal), "the fingerprint");
            Assert.Contains("loaded from", logged, StringComparison.Ordinal);
            Assert.Contains(fingerprint, logged, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_supplied_pem_pair_is_served_and_read_again_when_the_files_change()
    {
        using var folder = new TempDataFolder("panel-pem-");
        var certificateFile = Path.Combine(folder.Path, "fullchain.pem");
        var keyFile = Path.Combine(folder.Path, "privkey.pem");
        var first = WritePair(certificateFile, keyFile, "CN=panel.example");
        var httpsPort = PanelProcess.FreePort();
        using var panel = StartWithHttps(Path.Combine(folder.Path, "data"), httpsPort, new()
        {
            ["Panel__Https__CertificatePath"] = certificateFile,
            ["Panel__Https__KeyPath"] = keyFile,
        });
        await panel.WaitUntilHealthyAsync();
        Assert.Equal(first, (await ServedCertificateAsync(httpsPort)).Thumbprint);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "data", PanelCertificate.FolderName)));

        var second = WritePair(certificateFile, keyFile, "CN=renewed.panel.example");
        Assert.Equal(second, (await ServedCertificateAsync(httpsPort)).Thumbprint);
        await panel.WaitForOutputAsync(l => l.Contains("reloaded from", StringComparison.Ordinal) && l.Contains("renewed.panel.example", StringComparison.Ordinal), "the reload");

        // A half-written replacement (certificate of a third pair, key still the second's) is not used.
        using (var third = NewCertificate("CN=third.panel.example"))
        {
            await File.WriteAllTextAsync(certificateFile, third.ExportCertificatePem());
        }

        Assert.Equal(second, (await ServedCertificateAsync(httpsPort)).Thumbprint);
    }

    [Fact]
    public async Task A_supplied_full_chain_is_sent_with_its_intermediate_so_a_client_trusting_the_root_verifies_it()
    {
        using var folder = new TempDataFolder("panel-chain-");
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Test Root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var root = rootRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var intermediateRequest = new CertificateRequest("CN=Test Intermediate", intermediateKey, HashAlgorithmName.SHA256);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var intermediatePublic = intermediateRequest.Create(root, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(20), [1]);
        using var intermediate = intermediatePublic.CopyWithPrivateKey(intermediateKey);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=panel.example", leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("panel.example");
        leafRequest.CertificateExtensions.Add(names.Build());
        using var leaf = leafRequest.Create(intermediate, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), [2]);
        var certificateFile = Path.Combine(folder.Path, "fullchain.pem");
        var keyFile = Path.Combine(folder.Path, "privkey.pem");
        File.WriteAllText(certificateFile, leaf.ExportCertificatePem() + "\n" + intermediate.ExportCertificatePem() + "\n");
        File.WriteAllText(keyFile, leafKey.ExportPkcs8PrivateKeyPem());
        var httpsPort = PanelProcess.FreePort();
        using var panel = StartWithHttps(Path.Combine(folder.Path, "data"), httpsPort, new()
        {
            ["Panel__Https__CertificatePath"] = certificateFile,
            ["Panel__Https__KeyPath"] = keyFile,
        });
        await panel.WaitUntilHealthyAsync();

        // As curl or a browser without the intermediate cached: only the root is trusted, nothing is downloaded.
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck, DisableCertificateDownloads = true };
        policy.CustomTrustStore.Add(root);
        var errors = SslPolicyErrors.None;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, httpsPort);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "panel.example",
            CertificateChainPolicy = policy,
            RemoteCertificateValidationCallback = (_, _, _, e) =>
            {
                errors = e;
                return true;
            },
        });
        Assert.Equal(leaf.Thumbprint, X509CertificateLoader.LoadCertificate(tls.RemoteCertificate!.GetRawCertData()).Thumbprint);
        Assert.Equal(SslPolicyErrors.None, errors);
    }

    [Fact]
    public async Task First_run_setup_through_https_with_the_setup_code()
    {
        using var folder = new TempDataFolder("panel-https-setup-");
        var httpsPort = PanelProcess.FreePort();
        using var panel = StartWithHttps(folder.Path, httpsPort);
        await panel.WaitUntilHealthyAsync();
        var fingerprint = SelfSignedCertificate.Fingerprint(await ServedCertificateAsync(httpsPort));
        var baseUrl = $"https://127.0.0.1:{httpsPort}";
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync(ignoreHttpsErrors: true);

        await Browser.SetUpAsync(page, baseUrl, folder.Path, "admin", "https-setup-password");
        Assert.False(File.Exists(FirstRun.SetupCodeFile(folder.Path)));
        await page.GotoAsync(baseUrl + "/account");
        await Assertions.Expect(page.GetByTestId("https-fingerprint")).ToHaveTextAsync(fingerprint);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "account-https.png"), FullPage = true });

        var where = await panel.WaitForOutputAsync(l => l.Contains("setup code in", StringComparison.Ordinal), "where the setup code is");
        Assert.Contains(FirstRun.SetupCodeFile(folder.Path), where, StringComparison.Ordinal);
    }

    private static PanelProcess StartWithHttps(string data, int httpsPort, Dictionary<string, string>? more = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["Panel__Https__Port"] = httpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Panel__Https__Address"] = "127.0.0.1",
        };
        foreach (var (key, value) in more ?? [])
        {
            environment[key] = value;
        }

        return PanelProcess.Start(data, environment: environment);
    }

    /// <summary>The certificate a TLS client is shown on a new connection (waits for the listener).</summary>
    private static async Task<X509Certificate2> ServedCertificateAsync(int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                await using var tls = new SslStream(tcp.GetStream());
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = "localhost",
                    RemoteCertificateValidationCallback = (_, _, _, _) => true,
                });
                return X509CertificateLoader.LoadCertificate(tls.RemoteCertificate!.GetRawCertData());
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    private static X509Certificate2 NewCertificate(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90));
    }

    /// <summary>Writes a new pair as certbot would and returns its thumbprint.</summary>
    private static string WritePair(string certificateFile, string keyFile, string subject)
    {
        using var certificate = NewCertificate(subject);
        using var key = certificate.GetECDsaPrivateKey()!;
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
        return certificate.Thumbprint;
    }
}
