using System.Globalization;
using Panel.Modules.Hetzner.Restore;

namespace Panel.Modules.Hetzner.Pages;

/// <summary>The Restore page's sentences, also handed to hetzner.js through data attributes so that each exists once.</summary>
internal static class RestoreTexts
{
    public const string ChooseSnapshot = "Choose a snapshot on the Snapshots tab first: its row offers Create server and Rebuild.";

    public const string FreshSnapshotPending = "Taking a fresh snapshot first…";

    public static string ProgressTemplate(RestoreKind kind) => kind == RestoreKind.CreateServer
        ? "Hetzner is creating the server: {0}%."
        : "Hetzner is rebuilding the server: {0}%.";

    public static string Title(RestoreOperationView operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return operation.Kind == RestoreKind.CreateServer
            ? $"New server “{operation.ServerName}” from snapshot “{operation.SnapshotDescription}”"
            : $"Rebuild of {operation.ServerName} from snapshot “{operation.SnapshotDescription}”";
    }

    public static string Status(RestoreOperationView operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return operation.Status == RestoreStatus.Pending
            ? FreshSnapshotPending
            : ProgressTemplate(operation.Kind).Replace("{0}", operation.Progress.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    public static string RebuildLoss(RestoreChoices choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        return $"This replaces the disk of {choices.ServerName} ({choices.ServerId}), the server this panel runs on, with snapshot "
            + $"“{choices.Snapshot.Description}” of {choices.Snapshot.Created.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC. "
            + "The panel and everything written to the server since that snapshot are lost.";
    }

    public static string Describe(ServerTypeChoice type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return $"{type.Name}: {type.Cores} vCPU, {Display.Number(type.MemoryGb)} GB RAM, {Display.Number(type.DiskGb)} GB disk{(type.Deprecated ? " (deprecated)" : "")}";
    }

    public static string Describe(LocationChoice location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return $"{location.Name}: {location.City}, {location.Country}";
    }

    /// <summary>An option of the type list: what it is and what it costs at least.</summary>
    public static string Option(ServerTypeChoice type, string currency)
    {
        ArgumentNullException.ThrowIfNull(type);
        return $"{Describe(type)}, from {Display.Money(type.Prices.Min(p => p.MonthlyGross), currency)} a month";
    }
}
