using System.Globalization;
using Panel.Contracts;

namespace PanelHost.Alerts;

/// <summary>One alert as every channel sends it. <c>Panel</c> is the panel's host name, so that alerts from several
/// panels can be told apart; <c>IsTest</c> marks one sent by "Send test alert".</summary>
internal sealed record AlertMessage(string Panel, string Module, NotificationSeverity Severity, string Title, string Message, DateTimeOffset At, bool IsTest)
{
    public static AlertMessage Test(DateTimeOffset at) => new(
        Environment.MachineName, "panel", NotificationSeverity.Info, "Test alert",
        "This is a test alert from PanelHost. If you read this, the channel works.", at, IsTest: true);

    public string Subject => $"[PanelHost {Panel}] {Severity}: {Title}";

    /// <summary>The one-line-plus-text form chat services show (Slack's <c>text</c>, Discord's <c>content</c>).</summary>
    public string ChatText => $"*{Subject}*\n{Message}";

    public string MailBody => string.Create(CultureInfo.InvariantCulture,
        $"{Message}\n\nModule: {Module}\nSeverity: {Severity}\nTime: {At.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC\nPanel: {Panel}\n");
}
