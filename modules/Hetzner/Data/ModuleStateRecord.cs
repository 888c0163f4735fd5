namespace Panel.Modules.Hetzner.Data;

/// <summary>The module's single state row: when the next automatic snapshot is due, how fresh the local mirror
/// is, and the cached snapshot price.</summary>
internal sealed class ModuleStateRecord
{
    public const int SingletonId = 1;

    public int Id { get; set; }

    public DateTimeOffset? NextDueAt { get; set; }

    public DateTimeOffset? MirrorRefreshedAt { get; set; }

    public string? MirrorError { get; set; }

    public DateTimeOffset? MirrorErrorAt { get; set; }

    public decimal? PricePerGbMonth { get; set; }

    public string? PriceCurrency { get; set; }

    public DateTimeOffset? PriceFetchedAt { get; set; }
}
