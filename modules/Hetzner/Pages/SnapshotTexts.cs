using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Features.DeleteSnapshot;
using Panel.Modules.Hetzner.Features.GetSnapshotOperation;
using Panel.Modules.Hetzner.Features.ListSnapshots;

namespace Panel.Modules.Hetzner.Pages;

/// <summary>The Snapshots tab's sentences that more than one place shows: the page, its components, the handlers they
/// share a message with, and hetzner.js, which gets its texts from data attributes rendered from these.</summary>
internal static class SnapshotTexts
{
    public const string OperationPending = "Waiting to start…";

    /// <summary>The running text with <c>{0}</c> for the percentage, which hetzner.js fills in while it polls.</summary>
    public const string OperationCreatingTemplate = "Hetzner is creating the snapshot: {0}%.";

    public const string TickToDelete = "Tick at least one snapshot to delete.";

    public const string NothingChosen = "Nothing was deleted: no snapshot was chosen, or the ones chosen were already deleted.";

    public const string ConfirmPruneFirst = "Nothing was pruned: confirm the prune first.";

    public const string ProtectedTitle = "Delete protection is on at Hetzner. " + DeleteSnapshotCommandHandler.RemoveProtectionHint;

    public static string Operation(SnapshotOperationView operation) => operation.Status switch
    {
        RunStatus.Pending => OperationPending,
        _ => OperationCreatingTemplate.Replace("{0}", operation.Progress.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
    };

    public static string KindText(string kind) => kind switch
    {
        SnapshotKinds.Automatic => "Auto",
        SnapshotKinds.Manual => "Manual",
        _ => "External",
    };
}
