using System.Globalization;

namespace Panel.Modules.Hetzner.Snapshots.Mirror;

/// <summary>
/// The labels the panel puts on every snapshot it creates. Pruning trusts only these: a snapshot without all of
/// them (manual snapshots made elsewhere, other tools' snapshots) is never deleted automatically.
/// </summary>
internal static class SnapshotLabels
{
    public const string ManagedByKey = "managed-by";
    public const string ManagedByValue = "panelhost";
    public const string ScheduleKey = "panelhost.io/schedule";
    public const string AutomaticValue = "auto";
    public const string ManualValue = "manual";
    public const string ServerKey = "panelhost.io/server";

    /// <summary>A unique value per run, so that a run interrupted by a restart finds the snapshot it already made
    /// instead of making a second. (The API client adds its own <c>panelhost.io/request</c> label per HTTP attempt.)</summary>
    public const string RunKey = "panelhost.io/run";

    public static IReadOnlyDictionary<string, string> For(bool automatic, long serverId, string runKey) =>
        new Dictionary<string, string>
        {
            [ManagedByKey] = ManagedByValue,
            [ScheduleKey] = automatic ? AutomaticValue : ManualValue,
            [ServerKey] = serverId.ToString(CultureInfo.InvariantCulture),
            [RunKey] = runKey,
        };

    /// <summary>Label selector for the snapshot one run created.</summary>
    public static string RunSelector(string runKey) => $"{RunKey}={runKey}";

    public static bool IsManagedByPanel(IReadOnlyDictionary<string, string> labels) =>
        labels.TryGetValue(ManagedByKey, out var value) && value == ManagedByValue;

    public static bool IsAutomatic(IReadOnlyDictionary<string, string> labels) =>
        IsManagedByPanel(labels) && labels.TryGetValue(ScheduleKey, out var value) && value == AutomaticValue;

    public static bool IsForServer(IReadOnlyDictionary<string, string> labels, long serverId) =>
        labels.TryGetValue(ServerKey, out var value) && value == serverId.ToString(CultureInfo.InvariantCulture);

    /// <summary>How the Snapshots tab names the origin of a snapshot.</summary>
    public static string Origin(IReadOnlyDictionary<string, string> labels) =>
        !IsManagedByPanel(labels) ? "Manual (outside the panel)"
        : IsAutomatic(labels) ? "Automatic"
        : "Manual";
}
