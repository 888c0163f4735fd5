using System.Text.Json;

namespace Panel.Modules.Hetzner.Data;

/// <summary>The local mirror of one of this server's snapshots at Hetzner, keyed by Hetzner's image id.</summary>
internal sealed class SnapshotRecord
{
    public long Id { get; set; }

    public string Description { get; set; } = "";

    public string Status { get; set; } = "";

    public DateTimeOffset Created { get; set; }

    public double? ImageSizeGb { get; set; }

    public double DiskSizeGb { get; set; }

    public long? CreatedFromServerId { get; set; }

    public bool DeleteProtected { get; set; }

    public string LabelsJson { get; set; } = "{}";

    public IReadOnlyDictionary<string, string> Labels =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(LabelsJson) ?? [];

    public void SetLabels(IReadOnlyDictionary<string, string> labels) => LabelsJson = JsonSerializer.Serialize(labels);
}
