using Hetzner.Simulator.State;

namespace Hetzner.Simulator.Api;

#pragma warning disable CA1812 // Instantiated by the mapping below, read by the serialiser.

internal sealed record ImageDto(
    long Id,
    string Type,
    string Status,
    string? Name,
    string Description,
    double? ImageSize,
    double DiskSize,
    DateTimeOffset Created,
    CreatedFromDto? CreatedFrom,
    long? BoundTo,
    string OsFlavor,
    string? OsVersion,
    string Architecture,
    bool RapidDeploy,
    ImageProtectionDto Protection,
    DateTimeOffset? Deprecated,
    DateTimeOffset? Deleted,
    IReadOnlyDictionary<string, string> Labels)
{
    public static ImageDto From(ImageInfo i) => new(
        i.Id, i.Type, i.Status, i.Name, i.Description, i.ImageSizeGb, i.DiskSizeGb, i.Created,
        i.CreatedFromId is { } from ? new CreatedFromDto(from, i.CreatedFromName ?? string.Empty) : null,
        i.BoundTo, "debian", i.Type is "system" or "app" ? "12" : null, "x86", false,
        new ImageProtectionDto(i.DeleteProtected), null, null, i.Labels);
}

internal sealed record CreatedFromDto(long Id, string Name);

internal sealed record ImageProtectionDto(bool Delete);

internal sealed record ActionDto(
    long Id,
    string Command,
    string Status,
    int Progress,
    DateTimeOffset Started,
    DateTimeOffset? Finished,
    IReadOnlyList<ActionResourceDto> Resources,
    ActionErrorDto? Error)
{
    public static ActionDto From(ActionInfo a) => new(
        a.Id, a.Command, a.Status, a.Progress, a.Started, a.Finished,
        [.. a.Resources.Select(r => new ActionResourceDto(r.Id, r.Type))],
        a.ErrorMessage is null ? null : new ActionErrorDto("action_failed", a.ErrorMessage));
}

internal sealed record ActionResourceDto(long Id, string Type);

internal sealed record ActionErrorDto(string Code, string Message);

internal sealed record PaginationDto(int Page, int PerPage, int? PreviousPage, int? NextPage, int LastPage, int TotalEntries);

internal sealed record MetaDto(PaginationDto Pagination);
