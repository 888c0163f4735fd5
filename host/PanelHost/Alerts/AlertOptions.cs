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

    /// <summary>Reads <c>Panel:Alerts</c>; a key left out takes its default, a key set to something unusable stops the
    /// start with a message naming it (as the modules' options do), never a silent default.</summary>
    public static AlertOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("Panel:Alerts");
        return new AlertOptions(
            ReadWait(section, "FirstRetry", Default.FirstRetry),
            ReadWait(section, "MaxRetryDelay", Default.MaxRetryDelay),
            ReadAttempts(section, Default.MaxAttempts));
    }

    /// <summary>The wait after the given number of failed attempts.</summary>
    public TimeSpan Backoff(int failedAttempts)
    {
        var factor = Math.Pow(2, Math.Clamp(failedAttempts - 1, 0, 30));
        var wait = FirstRetry * factor;
        return wait > MaxRetryDelay ? MaxRetryDelay : wait;
    }

    private static TimeSpan ReadWait(IConfigurationSection section, string key, TimeSpan fallback)
    {
        var value = section[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed) && parsed > TimeSpan.Zero && parsed <= TimeSpan.FromDays(1)
            ? parsed
            : throw new InvalidOperationException($"{section.Path}:{key} must be a time span above zero and at most a day (hh:mm:ss, e.g. {fallback:c}); it is '{value}'.");
    }

    private static int ReadAttempts(IConfigurationSection section, int fallback)
    {
        var value = section["MaxAttempts"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var attempts) && attempts is >= 1 and <= 10_000
            ? attempts
            : throw new InvalidOperationException($"{section.Path}:MaxAttempts must be a whole number from 1 to 10000 (e.g. {fallback}); it is '{value}'.");
    }
}
