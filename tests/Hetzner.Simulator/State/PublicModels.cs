namespace Hetzner.Simulator;

/// <summary>An image put into the simulator directly, bypassing create_image.</summary>
public sealed record SeedImage(
    long? CreatedFromServerId,
    string Description,
    DateTimeOffset? Created = null,
    IReadOnlyDictionary<string, string>? Labels = null,
    bool DeleteProtected = false,
    string Type = "snapshot",
    string Status = "available",
    double? ImageSizeGb = 1.5);

/// <summary>The current state of one image, as the control surface reports it.</summary>
public sealed record SimImage(
    long Id,
    string Type,
    string Status,
    string Description,
    IReadOnlyDictionary<string, string> Labels,
    long? CreatedFromServerId,
    bool DeleteProtected,
    DateTimeOffset Created,
    double? ImageSizeGb);

/// <summary>One answered (or dropped, status 0) request to the API or the metadata service.</summary>
public sealed record LoggedRequest(string Method, string PathAndQuery, int Status, DateTimeOffset At, string? UserAgent);

/// <summary>
/// A misbehaviour applied to the next <see cref="Count"/> requests matching <see cref="Method"/> and
/// <see cref="PathContains"/> (either matches anything when null).
/// </summary>
public sealed record Fault(FaultKind Kind, string? Method = null, string? PathContains = null, int Count = 1);

public enum FaultKind
{
    ServerError500,
    BadGateway502,
    PlainBadGateway502,
    Timeout504,
    PlainTimeout504,
    Conflict409,
    Locked423,
    RateLimited429,
    DropConnection,
    DropConnectionAfterProcessing,
    Hang,
    ActionError,
    ServiceUnavailable503,
}
