using Microsoft.Extensions.Configuration;
using PanelHost.Alerts;

namespace PanelHost.Tests.Alerts;

/// <summary><c>Panel:Alerts</c>: left out means the default; set to something unusable stops the start naming the key.</summary>
public sealed class AlertOptionsTests
{
    private static AlertOptions Read(params (string Key, string Value)[] settings) =>
        AlertOptions.From(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"Panel:Alerts:{s.Key}", s.Value)))
            .Build());

    [Fact]
    public void Keys_left_out_take_the_documented_defaults_and_set_ones_are_used()
    {
        Assert.Equal(AlertOptions.Default, Read());
        Assert.Equal(new AlertOptions(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(3), 4),
            Read(("FirstRetry", "00:01:00"), ("MaxRetryDelay", "00:03:00"), ("MaxAttempts", "4")));
    }

    [Theory]
    [InlineData("MaxAttempts", "ten", "Panel:Alerts:MaxAttempts must be a whole number from 1 to 10000 (e.g. 10); it is 'ten'.")]
    [InlineData("MaxAttempts", "0", "Panel:Alerts:MaxAttempts must be a whole number from 1 to 10000 (e.g. 10); it is '0'.")]
    [InlineData("FirstRetry", "soon", "Panel:Alerts:FirstRetry must be a time span above zero and at most a day (hh:mm:ss, e.g. 00:00:30); it is 'soon'.")]
    [InlineData("MaxRetryDelay", "-00:01:00", "Panel:Alerts:MaxRetryDelay must be a time span above zero and at most a day (hh:mm:ss, e.g. 01:00:00); it is '-00:01:00'.")]
    public void An_unusable_value_stops_the_start_with_a_message_naming_the_key(string key, string value, string message)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Read((key, value)));

        Assert.Equal(message, refused.Message);
    }
}
