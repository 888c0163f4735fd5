using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PanelHost.Https;

namespace PanelHost.Tests;

/// <summary>The panel's own certificate over a year, on a fake clock: kept while valid, renewed 30 days before it
/// expires, at start and by the daily check.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes
public sealed class CertificateRenewalTests : IDisposable
{
    private static readonly HttpsSettings Settings = new(8443, "*", null, null);
    private readonly TempDataFolder _folder = new("panel-tls-");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

    private PanelCertificate NewPanel() => new(Settings, new PanelPaths(_folder.Path, [_folder.Path]), _time, NullLogger<PanelCertificate>.Instance);

    [Fact]
    public void The_certificate_is_made_once_kept_by_a_restart_and_renewed_at_start_when_near_expiry()
    {
        var first = NewPanel();
        first.Load();
        var made = first.InUse!;
        Assert.Equal(_time.GetUtcNow().AddDays(365), PanelCertificate.NotAfter(made));
        using (var key = made.GetECDsaPublicKey())
        {
            Assert.Equal(256, key?.KeySize);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(first.Folder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(first.KeyFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(first.CertificateFile));

        _time.Advance(TimeSpan.FromDays(330));
        var restarted = NewPanel();
        restarted.Load();
        Assert.Equal(made.Thumbprint, restarted.InUse!.Thumbprint);

        _time.Advance(TimeSpan.FromDays(6)); // 29 days left
        var nearExpiry = NewPanel();
        nearExpiry.Load();
        Assert.NotEqual(made.Thumbprint, nearExpiry.InUse!.Thumbprint);
        Assert.Equal(_time.GetUtcNow().AddDays(365), PanelCertificate.NotAfter(nearExpiry.InUse));
        var onDisk = X509Certificate2.CreateFromPemFile(nearExpiry.CertificateFile, nearExpiry.KeyFile);
        Assert.Equal(nearExpiry.InUse.Thumbprint, onDisk.Thumbprint);
        Assert.True(onDisk.HasPrivateKey);
    }

    [Fact]
    public async Task The_daily_check_renews_a_running_panels_certificate_without_a_restart()
    {
        var panel = NewPanel();
        panel.Load();
        var made = panel.InUse!;
        using var renewal = new CertificateRenewal(panel, _time, NullLogger<CertificateRenewal>.Instance);
        await renewal.StartAsync(CancellationToken.None);

        // The service's loop runs on its own thread; days pass one by one while it keeps up.
        var day = 0;
        for (; day < 330; day++)
        {
            _time.Advance(CertificateRenewal.Interval);
        }

        while (ReferenceEquals(panel.Current, made) && day < 400)
        {
            _time.Advance(CertificateRenewal.Interval);
            day++;
            var wait = DateTime.UtcNow.AddMilliseconds(day < 335 ? 100 : 5_000);
            while (ReferenceEquals(panel.Current, made) && DateTime.UtcNow < wait)
            {
                await Task.Delay(10);
            }
        }

        // Renewed once 30 days or less were left (day 335), not earlier.
        Assert.Equal(335, day);
        Assert.NotEqual(made.Thumbprint, panel.Current.Thumbprint);
        Assert.Equal(_time.GetUtcNow().AddDays(365), PanelCertificate.NotAfter(panel.Current));
        await renewal.StopAsync(CancellationToken.None);
    }

    public void Dispose() => _folder.Dispose();
}
