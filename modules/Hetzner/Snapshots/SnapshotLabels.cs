using System.Globalization;

namespace Panel.Modules.Hetzner.Snapshots;

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

    /// <summary>A unique value per run, so that a create whose answer was lost can be found instead of repeated.</summary>
    public const string RequestKey = "panelhost.io/request";

    public static IReadOnlyDictionary<string, string> For(bool automatic, long serverId, string requestKey) =>
        new Dictionary<string, string>
        {
            [ManagedByKey] = ManagedByValue,
            [ScheduleKey] = automatic ? AutomaticValue : ManualValue,
            [ServerKey] = serverId.ToString(CultureInfo.InvariantCulture),
            [RequestKey] = requestKey,
        };

    /// <summary>Label selector for the snapshot one run created.</summary>
    public static string RequestSelector(string requestKey) => $"{RequestKey}={requestKey}";

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
