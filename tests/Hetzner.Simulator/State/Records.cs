namespace Hetzner.Simulator.State;

/// <summary>Mutable server row; only touched under the <see cref="ProjectStore"/> lock.</summary>
internal sealed class ServerRecord(long id, string name, string status, DateTimeOffset created, string ipv4)
{
    public long Id { get; } = id;

    public string Name { get; } = name;

    public string Status { get; } = status;

    public DateTimeOffset Created { get; } = created;

    public string Ipv4 { get; } = ipv4;

    public int DiskSizeGb { get; init; } = SimulatorDefaults.DemoDiskSizeGb;

    public Dictionary<string, string> Labels { get; init; } = new(StringComparer.Ordinal);

    public string ServerType { get; init; } = ServerCatalog.Default.Name;

    public string Location { get; init; } = ServerCatalog.DefaultLocation.Name;

    /// <summary>The image the disk was made from (null: the demo's system image).</summary>
    public long? ImageId { get; set; }

    /// <summary>Set by <c>POST /servers</c>: the actions whose progress the server status follows until it runs.</summary>
    public ServerBoot? Boot { get; init; }

    /// <summary>Hetzner's daily backup window ("22-02", UTC hours), null while backups are off.</summary>
    public string? BackupWindow { get; set; }

    /// <summary>When the last daily backup was taken (or backups were enabled, before the first one).</summary>
    public DateTimeOffset? BackupsTakenUntil { get; set; }
}

/// <summary>The create_server action and the start_server one that follows it (null: created switched off).</summary>
internal sealed record ServerBoot(long CreateActionId, long? StartActionId);

/// <summary>Mutable image row; only touched under the <see cref="ProjectStore"/> lock.</summary>
internal sealed class ImageRecord
{
    public required long Id { get; init; }

    public required string Type { get; set; }

    public required string Status { get; set; }

    public string? Name { get; init; }

    public required string Description { get; set; }

    public double? ImageSizeGb { get; set; }

    /// <summary>The size the image gets once its create_image action succeeds.</summary>
    public double FinalSizeGb { get; init; }

    public double DiskSizeGb { get; init; } = SimulatorDefaults.DemoDiskSizeGb;

    public required DateTimeOffset Created { get; init; }

    public long? CreatedFromId { get; init; }

    public string? CreatedFromName { get; init; }

    public long? BoundTo { get; set; }

    public required Dictionary<string, string> Labels { get; set; }

    public bool DeleteProtected { get; set; }

    public long? CreatingActionId { get; set; }
}

/// <summary>An action whose status is derived from elapsed time, so no timer has to drive it.</summary>
internal sealed class ActionRecord
{
    public required long Id { get; init; }

    public required string Command { get; init; }

    public required DateTimeOffset Started { get; init; }

    public required TimeSpan Duration { get; init; }

    /// <summary>Set when the action is meant to end in status error.</summary>
    public string? FailureMessage { get; init; }

    public required IReadOnlyList<ActionResource> Resources { get; init; }

    public bool IsFinishedAt(DateTimeOffset now) => now - Started >= Duration;

    public ActionInfo ToInfo(DateTimeOffset now)
    {
        if (!IsFinishedAt(now))
        {
            var progress = (int)Math.Clamp((now - Started) / Duration * 100, 0, 99);
            return new ActionInfo(Id, Command, "running", progress, Started, null, Resources, null);
        }

        var failed = FailureMessage is not null;
        return new ActionInfo(Id, Command, failed ? "error" : "success", 100, Started, Started + Duration, Resources, FailureMessage);
    }
}

internal sealed record ActionResource(long Id, string Type);

internal sealed record ActionInfo(
    long Id,
    string Command,
    string Status,
    int Progress,
    DateTimeOffset Started,
    DateTimeOffset? Finished,
    IReadOnlyList<ActionResource> Resources,
    string? ErrorMessage);

internal sealed record ServerInfo(
    long Id,
    string Name,
    string Status,
    DateTimeOffset Created,
    string Ipv4,
    int DiskSizeGb,
    IReadOnlyDictionary<string, string> Labels,
    bool Locked,
    string ServerType = "cx22",
    string Location = "fsn1",
    long? ImageId = null,
    string? BackupWindow = null);

internal sealed record ImageInfo(
    long Id,
    string Type,
    string Status,
    string? Name,
    string Description,
    double? ImageSizeGb,
    double DiskSizeGb,
    DateTimeOffset Created,
    long? CreatedFromId,
    string? CreatedFromName,
    long? BoundTo,
    IReadOnlyDictionary<string, string> Labels,
    bool DeleteProtected)
{
    public static ImageInfo From(ImageRecord r) => new(
        r.Id, r.Type, r.Status, r.Name, r.Description, r.ImageSizeGb, r.DiskSizeGb, r.Created, r.CreatedFromId,
        r.CreatedFromName, r.BoundTo, new Dictionary<string, string>(r.Labels, StringComparer.Ordinal), r.DeleteProtected);
}
