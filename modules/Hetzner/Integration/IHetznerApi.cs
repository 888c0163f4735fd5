namespace Panel.Modules.Hetzner.Integration;

/// <summary>
/// The Hetzner Cloud API as this module uses it. Every call takes the token explicitly (nothing is cached in the
/// client), returns a typed result instead of throwing for API errors, and never writes the token anywhere.
/// </summary>
internal interface IHetznerApi
{
    /// <summary>The id of the server the panel runs on, from the metadata service (no token).</summary>
    Task<HetznerResult<long>> GetInstanceIdAsync(CancellationToken cancellationToken);

    Task<HetznerResult<HetznerServer>> GetServerAsync(string token, long serverId, CancellationToken cancellationToken);

    /// <summary>
    /// Tells a read-write token from a read-only one without any side effect: a write to an image that cannot
    /// exist is answered <c>token_readonly</c> for a read-only token and <c>not_found</c> otherwise.
    /// </summary>
    Task<HetznerResult<bool>> CanWriteAsync(string token, CancellationToken cancellationToken);

    /// <summary>
    /// <c>create_image</c> with type snapshot. The client adds a unique request label so that, after an ambiguous
    /// failure (timeout, dropped connection, 5xx), it finds out whether the snapshot was made before it tries again:
    /// it never makes a duplicate.
    /// </summary>
    Task<HetznerResult<CreatedSnapshot>> CreateSnapshotAsync(
        string token, long serverId, string description, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken);

    /// <summary>All snapshots across all pages (<c>per_page=50</c>), optionally filtered by a label selector.</summary>
    Task<HetznerResult<IReadOnlyList<HetznerImage>>> ListSnapshotsAsync(string token, string? labelSelector, CancellationToken cancellationToken);

    /// <summary>The first page of snapshots, newest first (<c>sort=created:desc</c>, <c>per_page=50</c>): one request.</summary>
    Task<HetznerResult<SnapshotPage>> ListNewestSnapshotsAsync(string token, CancellationToken cancellationToken);

    Task<HetznerResult<HetznerImage>> GetImageAsync(string token, long imageId, CancellationToken cancellationToken);

    /// <summary>DELETE /images/{id}; a delete-protected image answers the error code <c>protected</c>.</summary>
    Task<HetznerResult<bool>> DeleteImageAsync(string token, long imageId, CancellationToken cancellationToken);

    Task<HetznerResult<HetznerAction>> ChangeImageProtectionAsync(string token, long imageId, bool delete, CancellationToken cancellationToken);

    /// <summary>
    /// Polls the action with backoff until it is no longer running; reports its progress (0-100). An action that
    /// ends in <c>error</c> is a failed result carrying the action's error code and message (HTTP status 200).
    /// Cancelling the token ends the wait with an <see cref="OperationCanceledException"/>.
    /// </summary>
    Task<HetznerResult<HetznerAction>> WaitForActionAsync(
        string token, long actionId, IProgress<int>? progress, CancellationToken cancellationToken);

    /// <summary><c>enable_backup</c> or <c>disable_backup</c> of a server (Hetzner's own daily Backups); disabling
    /// deletes every backup of the server at once.</summary>
    Task<HetznerResult<HetznerAction>> ChangeServerBackupsAsync(string token, long serverId, bool enable, CancellationToken cancellationToken);

    /// <summary>The server's images of type <c>backup</c> (at most its 7 slots: one request), newest first.</summary>
    Task<HetznerResult<IReadOnlyList<HetznerImage>>> ListBackupsAsync(string token, long serverId, CancellationToken cancellationToken);

    /// <summary><c>GET /pricing</c> in one request: the currency, the snapshot price per GB, the Backups percentage and
    /// every server type's monthly price per location (all gross). Callers go through <see cref="PricingCache"/>.</summary>
    Task<HetznerResult<HetznerPricing>> GetPricingAsync(string token, CancellationToken cancellationToken);

    /// <summary>What a new server can be: all server types (with the locations each is sold in) and locations (two
    /// reads; the prices come from <see cref="GetPricingAsync"/>).</summary>
    Task<HetznerResult<HetznerServerCatalog>> GetServerCatalogAsync(string token, CancellationToken cancellationToken);

    /// <summary>
    /// <c>POST /servers</c> from an image, started after creation. Never sent twice blindly: after an answer that leaves
    /// open whether the server was made, the client looks for a server of that name (names are unique per project)
    /// before it sends again; a server found is returned without its actions.
    /// </summary>
    Task<HetznerResult<CreatedHetznerServer>> CreateServerAsync(string token, NewServerOrder order, CancellationToken cancellationToken);

    /// <summary>
    /// <c>POST /servers/{id}/actions/rebuild</c>: replaces the server's disk with the image. Sent once; after an
    /// ambiguous failure the server's running actions tell whether the rebuild started, and it is never sent again.
    /// </summary>
    Task<HetznerResult<HetznerAction>> RebuildServerAsync(string token, long serverId, long imageId, CancellationToken cancellationToken);
}
