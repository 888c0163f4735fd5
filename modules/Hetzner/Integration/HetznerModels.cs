namespace Panel.Modules.Hetzner.Integration;

/// <summary>A Hetzner API error: its machine code (<c>unauthorized</c>, <c>token_readonly</c>, <c>protected</c>, ...),
/// its message, and the HTTP status (0 when no answer came: network failure or time-out, code <c>network_error</c>).</summary>
/// <remarks>An action that ends in status <c>error</c> carries the action's code and message with HTTP status 200.</remarks>
/// <remarks><see cref="Fields"/> names the request fields an <c>invalid_input</c> or <c>uniqueness_error</c> is about.</remarks>
internal sealed record HetznerError(string Code, string Message, int HttpStatus, IReadOnlyList<string>? Fields = null)
{
    public const string ResourceUnavailable = "resource_unavailable";
    public const string NetworkError = "network_error";
    public const string Unauthorized = "unauthorized";
    public const string TokenReadOnly = "token_readonly";
    public const string Forbidden = "forbidden";
    public const string Maintenance = "maintenance";
    public const string ResourceLimitExceeded = "resource_limit_exceeded";
    public const string NotFound = "not_found";
    public const string Conflict = "conflict";
    public const string UniquenessError = "uniqueness_error";
    public const string InvalidInput = "invalid_input";
    public const string ServiceError = "service_error";
    public const string Locked = "locked";
    public const string Protected = "protected";
    public const string RateLimitExceeded = "rate_limit_exceeded";
    public const string ServerError = "server_error";
    public const string BadGateway = "bad_gateway";
    public const string Unavailable = "unavailable";
    public const string Timeout = "timeout";
    public const string UnknownError = "unknown_error";
    public const string ActionFailed = "action_failed";

    /// <summary>Client-side: the token cannot be sent (empty, or characters no header may carry). Not an API code.</summary>
    public const string InvalidToken = "invalid_token";

    /// <summary>Client-side: an answer came but could not be read as the expected JSON. Not an API code.</summary>
    public const string InvalidResponse = "invalid_response";
}

/// <summary>Success with a value, or a <see cref="HetznerError"/>.</summary>
internal sealed class HetznerResult<T>
{
    private HetznerResult(T? value, HetznerError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public HetznerError? Error { get; }

    public bool IsSuccess => Error is null;

    public static HetznerResult<T> Ok(T value) => new(value, null);

    public static HetznerResult<T> Fail(HetznerError error) => new(default, error);

    public HetznerResult<TOther> Map<TOther>(Func<T, TOther> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return IsSuccess ? HetznerResult<TOther>.Ok(map(Value!)) : HetznerResult<TOther>.Fail(Error!);
    }
}

/// <summary>A server; <c>BackupWindow</c> is Hetzner's daily backup window (<c>"22-02"</c>, UTC hours), null while its
/// Backups are off.</summary>
internal sealed record HetznerServer(
    long Id,
    string Name,
    string Status,
    double PrimaryDiskSizeGb,
    string? PublicIpv4,
    string? BackupWindow = null,
    string? ServerType = null,
    string? Location = null);

internal sealed record HetznerImage(
    long Id,
    string Type,
    string Status,
    string Description,
    double? ImageSizeGb,
    double DiskSizeGb,
    DateTimeOffset Created,
    long? CreatedFromServerId,
    bool DeleteProtected,
    IReadOnlyDictionary<string, string> Labels);

internal sealed record HetznerAction(
    long Id,
    string Command,
    string Status,
    int Progress,
    DateTimeOffset Started,
    DateTimeOffset? Finished,
    HetznerError? Error)
{
    public bool IsRunning => Status == "running";
}

/// <summary>One page of snapshots, newest first. <see cref="Complete"/> when no page follows, i.e. it holds them all.</summary>
internal sealed record SnapshotPage(IReadOnlyList<HetznerImage> Images, bool Complete);

/// <summary>The image <c>create_image</c> made and the action that makes it (null when the client had to find the
/// image again after an ambiguous failure and the action is no longer known).</summary>
internal sealed record CreatedSnapshot(HetznerImage Image, HetznerAction? Action);

internal sealed record SnapshotPrice(decimal PerGbMonthGross, string Currency);

/// <summary>A server type as a new server may have it. <see cref="SoldIn"/> names the locations it can be ordered in
/// (null when Hetzner did not say: then wherever <c>/pricing</c> has a price); <see cref="UnavailableAfter"/> is set
/// for a deprecated type.</summary>
internal sealed record HetznerServerType(
    long Id,
    string Name,
    string Description,
    int Cores,
    double MemoryGb,
    double DiskGb,
    string Architecture,
    bool Deprecated,
    DateTimeOffset? UnavailableAfter,
    IReadOnlyList<string>? SoldIn);

internal sealed record HetznerLocation(long Id, string Name, string Description, string City, string Country);

/// <summary>Server types and locations; their prices are in <see cref="HetznerPricing"/>.</summary>
internal sealed record HetznerServerCatalog(IReadOnlyList<HetznerServerType> ServerTypes, IReadOnlyList<HetznerLocation> Locations);

/// <summary>
/// Hetzner's price list (<c>GET /pricing</c>) as the module uses it, all prices gross and per month. Read in one
/// request and kept in one <see cref="PricingCache"/>, from which the snapshot price, the Backups cost and the restore
/// choices all take their figures.
/// </summary>
/// <param name="Currency">The project's currency.</param>
/// <param name="ImagePerGbMonthGross">A snapshot per GB stored; null when the list has no such price.</param>
/// <param name="BackupPercentage">Hetzner Backups in percent of the server's price (20); null when the list has none.</param>
/// <param name="ServerMonthlyGross">Server type name to location name to the monthly price there.</param>
internal sealed record HetznerPricing(
    string Currency,
    decimal? ImagePerGbMonthGross,
    decimal? BackupPercentage,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> ServerMonthlyGross)
{
    private static readonly IReadOnlyDictionary<string, decimal> NoPrices = new Dictionary<string, decimal>();

    public SnapshotPrice? Snapshot => ImagePerGbMonthGross is { } price ? new SnapshotPrice(price, Currency) : null;

    /// <summary>The type's monthly price per location; empty for a type the list does not price.</summary>
    public IReadOnlyDictionary<string, decimal> ServerPrices(string serverType) =>
        ServerMonthlyGross.TryGetValue(serverType, out var prices) ? prices : NoPrices;

    /// <summary>What Backups cost for a server of the type in the location; null when the list lacks either figure.</summary>
    public BackupPrice? Backup(string serverType, string location) =>
        BackupPercentage is { } percentage && ServerPrices(serverType).TryGetValue(location, out var gross)
            ? new BackupPrice(gross, percentage, Currency)
            : null;
}

/// <summary>A new server from an image; <see cref="Name"/> is the host name, unique in the project.</summary>
internal sealed record NewServerOrder(string Name, string ServerType, string Location, long ImageId, IReadOnlyDictionary<string, string> Labels);

/// <summary>The server <c>POST /servers</c> made, its create action and the actions that follow (start_server). Both
/// are empty/null when the client had to find the server again after an ambiguous failure.</summary>
internal sealed record CreatedHetznerServer(HetznerServer Server, HetznerAction? Action, IReadOnlyList<HetznerAction> NextActions);

/// <summary>What Hetzner Backups of one server cost, from <c>/pricing</c>: the server type's monthly price (gross) in
/// its location times <c>server_backup.percentage</c>.</summary>
internal sealed record BackupPrice(decimal ServerMonthlyGross, decimal Percentage, string Currency)
{
    public decimal MonthlyGross => Math.Round(ServerMonthlyGross * Percentage / 100m, 4);
}
