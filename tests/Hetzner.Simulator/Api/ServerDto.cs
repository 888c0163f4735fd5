using Hetzner.Simulator.State;

namespace Hetzner.Simulator.Api;

#pragma warning disable CA1812 // Instantiated by the mapping below, read by the serialiser.

/// <summary>
/// A server as the API returns it. <c>datacenter</c> is absent because the API dropped it on 2026-07-01; CLI 1.30.3
/// then leaves its DATACENTER column blank.
/// </summary>
internal sealed record ServerDto(
    long Id,
    string Name,
    string Status,
    DateTimeOffset Created,
    PublicNetDto PublicNet,
    IReadOnlyList<object> PrivateNet,
    ServerTypeDto ServerType,
    LocationDto Location,
    ImageDto? Image,
    object? Iso,
    object? PlacementGroup,
    bool RescueEnabled,
    bool Locked,
    string? BackupWindow,
    long? OutgoingTraffic,
    long? IngoingTraffic,
    long? IncludedTraffic,
    ServerProtectionDto Protection,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<long> Volumes,
    IReadOnlyList<long> LoadBalancers,
    int PrimaryDiskSize)
{
    private static readonly DateTimeOffset SystemImageCreated = new(2023, 6, 13, 6, 0, 0, TimeSpan.Zero);

    /// <summary><paramref name="project"/> resolves the image the server was made from; without it (or for the
    /// seeded servers) the server shows the Debian system image.</summary>
    public static ServerDto From(ServerInfo s, ProjectStore? project = null) => new(
        s.Id, s.Name, s.Status, s.Created,
        new PublicNetDto(
            new Ipv4Dto(s.Id * 10, s.Ipv4, false, $"static.{s.Ipv4}.clients.your-server.de"),
            new Ipv6Dto((s.Id * 10) + 1, $"2001:db8:{s.Id:x}::/64", false, []),
            [],
            []),
        [],
        ServerTypeDto.From(ServerCatalog.ServerTypeNamed(s.ServerType)),
        LocationDto.From(ServerCatalog.LocationNamed(s.Location)),
        s.ImageId is { } imageId && project?.FindImage(imageId) is { } image ? ImageDto.From(image) : ImageDto.From(new ImageInfo(
            114_690_387, "system", "available", "debian-12", "Debian 12", null, 5, SystemImageCreated, null, null, null,
            new Dictionary<string, string>(), false)),
        null,
        null,
        false,
        s.Locked,
        s.BackupWindow,
        0,
        0,
        21_990_232_555_520,
        new ServerProtectionDto(false, false),
        s.Labels,
        [],
        [],
        s.DiskSizeGb);
}

internal sealed record PublicNetDto(Ipv4Dto Ipv4, Ipv6Dto Ipv6, IReadOnlyList<long> FloatingIps, IReadOnlyList<object> Firewalls);

internal sealed record Ipv4Dto(long Id, string Ip, bool Blocked, string DnsPtr);

internal sealed record Ipv6Dto(long Id, string Ip, bool Blocked, IReadOnlyList<object> DnsPtr);

internal sealed record ServerProtectionDto(bool Delete, bool Rebuild);

