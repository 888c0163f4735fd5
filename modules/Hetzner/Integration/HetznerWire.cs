using System.Text.Json;
using System.Text.Json.Serialization;

namespace Panel.Modules.Hetzner.Integration;

/// <summary>The JSON shapes of the Hetzner API (only the fields this module reads) and their mapping to the models.</summary>
internal static class HetznerWire
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static HetznerServer ToModel(this ServerDto dto) => new(
        dto.Id, dto.Name ?? "", dto.Status ?? "", dto.PrimaryDiskSize, dto.PublicNet?.Ipv4?.Ip, dto.BackupWindow, dto.ServerType?.Name, dto.Location?.Name);

    public static HetznerImage ToModel(this ImageDto dto) => new(
        dto.Id,
        dto.Type ?? "",
        dto.Status ?? "",
        dto.Description ?? "",
        dto.ImageSize,
        dto.DiskSize,
        dto.Created,
        dto.CreatedFrom?.Id,
        dto.Protection?.Delete ?? false,
        dto.Labels ?? new Dictionary<string, string>());

    public static HetznerAction ToModel(this ActionDto dto) => new(
        dto.Id,
        dto.Command ?? "",
        dto.Status ?? "",
        dto.Progress,
        dto.Started,
        dto.Finished,
        dto.Error is { Code: { Length: > 0 } code } error ? new HetznerError(code, error.Message ?? "", 200) : null);
}

internal sealed class ErrorEnvelope
{
    public ErrorDto? Error { get; init; }
}

internal sealed class ErrorDto
{
    public string? Code { get; init; }

    public string? Message { get; init; }

    public ErrorDetailsDto? Details { get; init; }
}

internal sealed class ErrorDetailsDto
{
    public List<NamedDto>? Fields { get; init; }
}

internal sealed class ServerEnvelope
{
    public ServerDto? Server { get; init; }
}

internal sealed class ServerDto
{
    public long Id { get; init; }

    public string? Name { get; init; }

    public string? Status { get; init; }

    public double PrimaryDiskSize { get; init; }

    public PublicNetDto? PublicNet { get; init; }

    public string? BackupWindow { get; init; }

    public NamedDto? ServerType { get; init; }

    public NamedDto? Location { get; init; }

    public Dictionary<string, string>? Labels { get; init; }
}

internal sealed class NamedDto
{
    public string? Name { get; init; }
}

internal sealed class PublicNetDto
{
    public IpDto? Ipv4 { get; init; }
}

internal sealed class IpDto
{
    public string? Ip { get; init; }
}

internal sealed class ImageEnvelope
{
    public ImageDto? Image { get; init; }
}

internal sealed class ImageListEnvelope
{
    public List<ImageDto>? Images { get; init; }

    public MetaDto? Meta { get; init; }
}

internal sealed class MetaDto
{
    public PaginationDto? Pagination { get; init; }
}

internal sealed class PaginationDto
{
    public long? NextPage { get; init; }
}

internal sealed class ImageDto
{
    public long Id { get; init; }

    public string? Type { get; init; }

    public string? Status { get; init; }

    public string? Description { get; init; }

    public double? ImageSize { get; init; }

    public double DiskSize { get; init; }

    public DateTimeOffset Created { get; init; }

    public CreatedFromDto? CreatedFrom { get; init; }

    public ProtectionDto? Protection { get; init; }

    public Dictionary<string, string>? Labels { get; init; }
}

internal sealed class CreatedFromDto
{
    public long Id { get; init; }
}

internal sealed class ProtectionDto
{
    public bool Delete { get; init; }
}

internal sealed class ActionEnvelope
{
    public ActionDto? Action { get; init; }
}

internal sealed class ActionDto
{
    public long Id { get; init; }

    public string? Command { get; init; }

    public string? Status { get; init; }

    public int Progress { get; init; }

    public DateTimeOffset Started { get; init; }

    public DateTimeOffset? Finished { get; init; }

    public ErrorDto? Error { get; init; }
}

internal sealed class CreateImageEnvelope
{
    public ActionDto? Action { get; init; }

    public ImageDto? Image { get; init; }
}

internal sealed class PricingEnvelope
{
    public PricingDto? Pricing { get; init; }
}

internal sealed class PricingDto
{
    public string? Currency { get; init; }

    public ImagePricingDto? Image { get; init; }

    public ServerBackupPricingDto? ServerBackup { get; init; }

    public List<ServerTypePricingDto>? ServerTypes { get; init; }
}

internal sealed class ServerBackupPricingDto
{
    public string? Percentage { get; init; }
}

internal sealed class ImagePricingDto
{
    public PriceDto? PricePerGbMonth { get; init; }
}

internal sealed class PriceDto
{
    public string? Net { get; init; }

    public string? Gross { get; init; }
}

/// <summary>The documented <c>create_image</c> body, and nothing else.</summary>
internal sealed record CreateImageRequest(string Type, string Description, IReadOnlyDictionary<string, string> Labels);


internal sealed record ChangeProtectionRequest(bool Delete);
