using System.Security.Cryptography;

namespace PanelHost.Https;

/// <summary>Checks the panel's own certificate once a day (start-up checked it already), so a panel that runs for a
/// year renews it <see cref="PanelCertificate.RenewBefore"/> before it expires, without a restart.</summary>
internal sealed class CertificateRenewal(PanelCertificate certificate, TimeProvider time, ILogger<CertificateRenewal> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                certificate.RenewIfDue();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
            {
                log.LogError(ex, "The HTTPS certificate could not be renewed; the current one stays in use and the panel tries again in a day");
            }
        }
    }
}
