using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PanelHost.Https;

/// <summary>
/// The certificate Kestrel presents, asked for on every TLS handshake (ServerCertificateSelector), so that a renewed
/// or replaced certificate is used from the next connection on without a restart. Either the panel's own
/// self-signed certificate in <c>data/tls/</c> (made at first start, renewed <see cref="RenewBefore"/> before it
/// expires), or the PEM pair named by <c>Panel:Https:CertificatePath</c> / <c>KeyPath</c>, read again when either
/// file's content changes (a certbot renewal, say).
/// </summary>
internal sealed class PanelCertificate(HttpsSettings settings, PanelPaths paths, TimeProvider time, ILogger<PanelCertificate> log)
{
    public const string FolderName = "tls";
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    private readonly Lock _sync = new();
    private volatile Served? _current;
    private byte[]? _suppliedContent;

    public bool Enabled => settings.Enabled;

    public bool Supplied => settings.Supplied;

    public int Port => settings.Port;

    public string Folder => Path.Combine(paths.DataPath, FolderName);

    public string CertificateFile => settings.CertificatePath ?? Path.Combine(Folder, "panel.crt");

    public string KeyFile => settings.KeyPath ?? Path.Combine(Folder, "panel.key");

    /// <summary>The certificate for a new connection.</summary>
    public X509Certificate2 Current => CurrentServed().Certificate;

    /// <summary>The certificate for a new connection with the intermediates of a supplied chain, which a selected
    /// certificate alone would leave out of the handshake (clients that do not fetch them then fail to verify it).</summary>
    public SslStreamCertificateContext CurrentContext => CurrentServed().Context;

    /// <summary>The certificate in use, or null while HTTPS is off.</summary>
    public X509Certificate2? InUse => _current?.Certificate;

    /// <summary>At start: the supplied pair (an error names the keys when it cannot be read), or the panel's own
    /// certificate, made or renewed when needed.</summary>
    public void Load()
    {
        if (settings.Supplied)
        {
            ReloadIfChanged(throwOnError: true);
        }
        else
        {
            RenewIfDue();
        }
    }

    /// <summary>Makes a new self-signed certificate when there is none, it cannot be read, or it expires within
    /// <see cref="RenewBefore"/>. Returns true when it made one.</summary>
    public bool RenewIfDue()
    {
        lock (_sync)
        {
            var now = time.GetUtcNow();
            var existing = _current?.Certificate ?? ReadGenerated();
            if (existing is not null && NotAfter(existing) - now > RenewBefore)
            {
                if (_current is null)
                {
                    _current = Served.Of(existing, null);
                    Announce("loaded from " + Folder, existing);
                }

                return false;
            }

            var fresh = SelfSignedCertificate.Create(now);
            DataFolderPermissions.EnsurePrivateFolder(Folder);
            using (var key = fresh.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The new certificate has no private key."))
            {
                DataFolderPermissions.WriteOwnerOnly(KeyFile, key.ExportPkcs8PrivateKeyPem());
            }

            DataFolderPermissions.WriteOwnerOnly(CertificateFile, fresh.ExportCertificatePem());
            _current = Served.Of(fresh, null);
            Announce(existing is null ? "generated in " + Folder : "renewed (the old one expires " + NotAfter(existing).ToString("u", System.Globalization.CultureInfo.InvariantCulture) + ")", fresh);
            return true;
        }
    }

    public static DateTimeOffset NotAfter(X509Certificate2 certificate) => new(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);

    private X509Certificate2? ReadGenerated()
    {
        if (!File.Exists(CertificateFile) || !File.Exists(KeyFile))
        {
            return null;
        }

        try
        {
            DataFolderPermissions.SecureFile(KeyFile);
            return X509Certificate2.CreateFromPemFile(CertificateFile, KeyFile);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException or DataFolderException)
        {
            log.LogWarning(ex, "The panel's HTTPS certificate in {Folder} cannot be read; a new one is made", Folder);
            return null;
        }
    }

    private void ReloadIfChanged(bool throwOnError)
    {
        string certificateText, keyText;
        try
        {
            certificateText = File.ReadAllText(CertificateFile);
            keyText = File.ReadAllText(KeyFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && !throwOnError)
        {
            // Mid-replacement, or briefly unreadable: keep serving the certificate already loaded.
            return;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{HttpsSettings.Section}:CertificatePath / KeyPath cannot be read: {ex.Message}", ex);
        }

        var content = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(certificateText + "\0" + keyText));
        if (_suppliedContent is { } seen && seen.AsSpan().SequenceEqual(content))
        {
            return;
        }

        lock (_sync)
        {
            if (_suppliedContent is { } again && again.AsSpan().SequenceEqual(content))
            {
                return;
            }

            // Remembered even when it fails, so a broken pair is reported once, not on every connection.
            _suppliedContent = content;
            try
            {
                var loaded = X509Certificate2.CreateFromPem(certificateText, keyText);
                // The rest of the certificate file: the chain up to the issuer's root (fullchain.pem).
                var intermediates = new X509Certificate2Collection();
                intermediates.ImportFromPem(certificateText);
                intermediates.RemoveAt(0);
                var first = _current is null;
                _current = Served.Of(loaded, intermediates);
                Announce(first ? "loaded from " + CertificateFile : "reloaded from " + CertificateFile + " (the files changed)", loaded);
            }
            // A key that does not match the certificate is an ArgumentException (CopyWithPrivateKey), the rest cryptographic.
            catch (Exception ex) when (ex is CryptographicException or ArgumentException && !throwOnError)
            {
                log.LogWarning(ex, "{CertificateFile} / {KeyFile} changed but cannot be used (not a matching PEM pair?); the previous certificate stays in use", CertificateFile, KeyFile);
            }
            catch (Exception ex) when (ex is CryptographicException or ArgumentException)
            {
                throw new InvalidOperationException($"{HttpsSettings.Section}:CertificatePath / KeyPath are not a matching PEM certificate and unencrypted private key: {ex.Message}", ex);
            }
        }
    }

    private Served CurrentServed()
    {
        if (settings.Supplied)
        {
            ReloadIfChanged(throwOnError: false);
        }

        return _current ?? throw new InvalidOperationException("The HTTPS certificate has not been loaded yet.");
    }

    private void Announce(string how, X509Certificate2 certificate) =>
        log.LogInformation(
            "HTTPS certificate {How}: {Subject}, valid until {NotAfter:u}, SHA-256 fingerprint {Fingerprint} (compare it with what the browser shows)",
            how, certificate.Subject, NotAfter(certificate), SelfSignedCertificate.Fingerprint(certificate));

    /// <summary>A certificate and the TLS context made from it once, not on every handshake.</summary>
    private sealed record Served(X509Certificate2 Certificate, SslStreamCertificateContext Context)
    {
        public static Served Of(X509Certificate2 certificate, X509Certificate2Collection? intermediates) =>
            new(certificate, SslStreamCertificateContext.Create(certificate, intermediates));
    }
}
