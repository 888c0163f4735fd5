using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace PanelHost.Tests.Alerts;

/// <summary>
/// E-mail alerts over STARTTLS and over TLS from the first byte, delivered by the real host process to a real TLS SMTP
/// server on loopback. The panel checks the server's certificate as it does in production (a trusted chain, a matching
/// name, not expired, not revoked, with revocation soft-failed when it cannot be determined: ADR-0036; nothing accepted
/// blindly), so the test trusts its certificates the way an admin trusts a private CA: through the machine's trust
/// store, here OpenSSL's <c>SSL_CERT_DIR</c> of the panel process.
/// </summary>
public sealed class EmailTlsAlertTests(EmailTlsAlertTests.TrustingPanel panel) : IClassFixture<EmailTlsAlertTests.TrustingPanel>
{
    [Theory]
    [InlineData("starttls", false)]
    [InlineData("tls", true)]
    public async Task A_test_alert_goes_out_with_a_login_under_tls_to_a_server_whose_certificate_the_machine_trusts(string security, bool implicitTls)
    {
        await AssertDeliveredAsync(panel.Trusted, implicitTls, $"Mailbox over {security}", security);
    }

    [Fact]
    public async Task A_server_certificate_the_machine_does_not_trust_or_made_for_another_name_is_refused_with_the_reason()
    {
        using var stranger = TlsSmtpServer.Certificate("127.0.0.1", "127.0.0.1", "localhost");
        await using var untrusted = await TlsSmtpServer.StartAsync(stranger, implicitTls: true);
        await using var otherName = await TlsSmtpServer.StartAsync(panel.TrustedForAnotherName, implicitTls: false);
        var untrustedId = await panel.AddChannelAsync("Untrusted mailbox", untrusted.Port, "tls");
        var otherNameId = await panel.AddChannelAsync("Other name mailbox", otherName.Port, "starttls");

        var (delivered, untrustedError) = await panel.SendTestAsync(untrustedId);
        Assert.False(delivered);
        Assert.Equal($"SMTP server 127.0.0.1:{untrusted.Port}: its certificate is not trusted: self-signed certificate", untrustedError);

        (delivered, var nameError) = await panel.SendTestAsync(otherNameId);
        Assert.False(delivered);
        Assert.Equal($"SMTP server 127.0.0.1:{otherName.Port}: its certificate is not trusted: it is made for mail.example.test, not for 127.0.0.1", nameError);

        // Refused before any login or message: the password never went to a server the panel could not verify.
        Assert.Empty(untrusted.Received);
        Assert.Empty(otherName.Received);
        await AssertLastDeliveryAsync(untrustedId, untrustedError);
        await AssertLastDeliveryAsync(otherNameId, nameError);
    }

    /// <summary>A provider's internal relay: its certificate comes from a private CA the machine trusts, and that CA
    /// either publishes no CRL at all or one the panel cannot reach. Revocation cannot be checked, nothing says the
    /// certificate is revoked, so the panel soft-fails the check as browsers and mail clients do.</summary>
    [Theory]
    [InlineData("starttls", false, true)]
    [InlineData("tls", true, true)]
    [InlineData("starttls", false, false)]
    [InlineData("tls", true, false)]
    public async Task A_test_alert_goes_out_under_tls_to_a_server_whose_private_ca_has_no_reachable_revocation_list(string security, bool implicitTls, bool namesACrl)
    {
        using var leaf = TlsSmtpServer.Issue(panel.PrivateCa, namesACrl ? $"http://127.0.0.1:{ClosedPort()}/ca.crl" : null,
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        await AssertDeliveredAsync(leaf, implicitTls, $"Relay over {security} (CRL named: {namesACrl})", security);
    }

    [Fact]
    public async Task A_certificate_from_the_trusted_private_ca_that_has_expired_or_is_revoked_is_still_refused()
    {
        using var expired = TlsSmtpServer.Issue(panel.PrivateCa, null, DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));
        await using var crl = await CrlServer.StartAsync();
        using var revoked = TlsSmtpServer.Issue(panel.PrivateCa, crl.Url, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var revocations = new CertificateRevocationListBuilder();
        revocations.AddEntry(revoked, DateTimeOffset.UtcNow.AddHours(-1));
        crl.Serve(revocations.Build(panel.PrivateCa, 1, DateTimeOffset.UtcNow.AddDays(7), HashAlgorithmName.SHA256));
        await using var expiredSmtp = await TlsSmtpServer.StartAsync(expired, implicitTls: true);
        await using var revokedSmtp = await TlsSmtpServer.StartAsync(revoked, implicitTls: false);
        var expiredId = await panel.AddChannelAsync("Expired relay", expiredSmtp.Port, "tls");
        var revokedId = await panel.AddChannelAsync("Revoked relay", revokedSmtp.Port, "starttls");

        var (delivered, expiredError) = await panel.SendTestAsync(expiredId);
        Assert.False(delivered);
        Assert.Equal($"SMTP server 127.0.0.1:{expiredSmtp.Port}: its certificate is not trusted: certificate has expired", expiredError);

        (delivered, var revokedError) = await panel.SendTestAsync(revokedId);
        Assert.False(delivered);
        Assert.Equal($"SMTP server 127.0.0.1:{revokedSmtp.Port}: its certificate is not trusted: certificate revoked", revokedError);
        Assert.True(crl.Requests > 0, "the panel never asked for the CRL");

        Assert.Empty(expiredSmtp.Received);
        Assert.Empty(revokedSmtp.Received);
        await AssertLastDeliveryAsync(expiredId, expiredError);
        await AssertLastDeliveryAsync(revokedId, revokedError);
    }

    /// <summary>A loopback port nothing listens on: the OS gave it, and it was closed again.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task AssertDeliveredAsync(X509Certificate2 certificate, bool implicitTls, string name, string security)
    {
        await using var smtp = await TlsSmtpServer.StartAsync(certificate, implicitTls);
        var id = await panel.AddChannelAsync(name, smtp.Port, security);

        Assert.Equal((true, (string?)null), await panel.SendTestAsync(id));

        AssertTheTestAlert(Assert.Single(smtp.Received));
        await AssertLastDeliveryAsync(id, error: null);
    }

    private static void AssertTheTestAlert(ReceivedMail mail)
    {
        Assert.True(mail.Secure, "the message was sent outside TLS");
        Assert.Equal(TlsSmtpServer.User, mail.User);
        Assert.Equal($"[PanelHost {Environment.MachineName}] Info: Test alert", mail.Message.Subject);
        Assert.Equal(["ops@example.test"], mail.Message.To.Mailboxes.Select(m => m.Address));
        Assert.StartsWith(
            "This is a test alert from PanelHost. If you read this, the channel works.\n\nModule: panel\nSeverity: Info\nTime: ",
            mail.Message.TextBody!.ReplaceLineEndings("\n"),
            StringComparison.Ordinal);
    }

    private async Task AssertLastDeliveryAsync(int id, string? error)
    {
        using var api = panel.Process.ApiClient();
        var channel = (await api.GetFromJsonAsync<JsonElement>("api/alerts/channels")).EnumerateArray().Single(c => c.GetProperty("id").GetInt32() == id);
        if (error is null)
        {
            Assert.Equal(JsonValueKind.String, channel.GetProperty("lastSuccessAt").ValueKind);
            Assert.Equal(JsonValueKind.Null, channel.GetProperty("lastError").ValueKind);
        }
        else
        {
            Assert.Equal(JsonValueKind.Null, channel.GetProperty("lastSuccessAt").ValueKind);
            Assert.Equal(error, channel.GetProperty("lastError").GetString());
        }
    }

    /// <summary>One panel process for the class, whose trust store holds the test's three certificates (besides the
    /// system's own): one for 127.0.0.1 and localhost, one for another name only, and a private root CA.</summary>
    public sealed class TrustingPanel : IAsyncLifetime
    {
        private readonly TempDataFolder _folder = new("panel-alert-tls-");

        public X509Certificate2 Trusted { get; } = TlsSmtpServer.Certificate("localhost", "127.0.0.1", "localhost");

        public X509Certificate2 TrustedForAnotherName { get; } = TlsSmtpServer.Certificate("mail.example.test", "mail.example.test");

        public X509Certificate2 PrivateCa { get; } = TlsSmtpServer.CertificateAuthority("PanelHost Test Private CA");

        public PanelProcess Process { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var trust = Directory.CreateDirectory(Path.Combine(_folder.Path, "trust")).FullName;
            await File.WriteAllTextAsync(Path.Combine(trust, "smtp-test.pem"), Trusted.ExportCertificatePem());
            await File.WriteAllTextAsync(Path.Combine(trust, "smtp-other-name.pem"), TrustedForAnotherName.ExportCertificatePem());
            await File.WriteAllTextAsync(Path.Combine(trust, "private-ca.pem"), PrivateCa.ExportCertificatePem());
            var systemDirectory = Environment.GetEnvironmentVariable("SSL_CERT_DIR") is { Length: > 0 } set ? set : "/etc/ssl/certs";
            Process = PanelProcess.Start(Path.Combine(_folder.Path, "data"), bootstrap: true, new Dictionary<string, string>
            {
                ["SSL_CERT_DIR"] = trust + ":" + systemDirectory,
            });
            await Process.WaitUntilHealthyAsync();
        }

        public async Task<int> AddChannelAsync(string name, int port, string security)
        {
            using var api = Process.ApiClient();
            using var saved = await api.PostAsJsonAsync("api/alerts/channels", new
            {
                name,
                kind = "email",
                smtpHost = "127.0.0.1",
                smtpPort = port,
                smtpSecurity = security,
                smtpUser = TlsSmtpServer.User,
                smtpPassword = TlsSmtpServer.Password,
                mailFrom = "panel@example.test",
                mailTo = "ops@example.test",
            });
            Assert.True(saved.StatusCode == HttpStatusCode.Created, await saved.Content.ReadAsStringAsync());
            return (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        }

        public async Task<(bool Delivered, string? Error)> SendTestAsync(int id)
        {
            using var api = Process.ApiClient();
            using var sent = await api.PostAsync(new Uri($"api/alerts/channels/{id}/test", UriKind.Relative), null);
            Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
            var result = await sent.Content.ReadFromJsonAsync<JsonElement>();
            return (result.GetProperty("delivered").GetBoolean(), result.GetProperty("error").GetString());
        }

        public Task DisposeAsync()
        {
            Process?.Dispose();
            Trusted.Dispose();
            TrustedForAnotherName.Dispose();
            PrivateCa.Dispose();
            _folder.Dispose();
            return Task.CompletedTask;
        }
    }
}
