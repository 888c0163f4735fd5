using System.Globalization;

namespace PanelHost.Alerts;

/// <summary>How hard the panel tries to deliver an alert (configuration section <c>Panel:Alerts</c>, README).</summary>
/// <param name="FirstRetry">Wait before the second attempt; each later wait doubles.</param>
/// <param name="MaxRetryDelay">The longest wait between two attempts.</param>
/// <param name="MaxAttempts">Attempts before an alert is dropped (with an ALERT_DELIVERY_FAILED event).</param>
internal sealed record AlertOptions(TimeSpan FirstRetry, TimeSpan MaxRetryDelay, int MaxAttempts)
{
    /// <summary>30 s, 1, 2, 4, 8, 16, 32 min, then hourly: ten attempts span about three hours, long enough to ride
    /// out a mail server's restart or a chat service's outage, short enough that a stale alert is not sent a day late.</summary>
    public static readonly AlertOptions Default = new(TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), 10);

    public static AlertOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("Panel:Alerts");
        return new AlertOptions(
            Read(section["FirstRetry"], Default.FirstRetry),
            Read(section["MaxRetryDelay"], Default.MaxRetryDelay),
            int.TryParse(section["MaxAttempts"], NumberStyles.None, CultureInfo.InvariantCulture, out var attempts) && attempts >= 1 ? attempts : Default.MaxAttempts);
    }

    /// <summary>The wait after the given number of failed attempts.</summary>
    public TimeSpan Backoff(int failedAttempts)
    {
        var factor = Math.Pow(2, Math.Clamp(failedAttempts - 1, 0, 30));
        var wait = FirstRetry * factor;
        return wait > MaxRetryDelay ? MaxRetryDelay : wait;
    }

    private static TimeSpan Read(string? value, TimeSpan fallback) =>
        TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed) && parsed > TimeSpan.Zero ? parsed : fallback;
}
