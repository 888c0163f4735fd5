namespace Panel.Modules.Hetzner.Common;

/// <summary>The event codes this module writes to the panel's Events page.</summary>
internal static class AuditCodes
{
    public const string TokenUpdate = "HETZNER_API_TOKEN_UPDATE";
    public const string SettingsUpdate = "HETZNER_SNAPSHOT_SETTINGS_UPDATE";
    public const string SnapshotCreateRequest = "HETZNER_SNAPSHOT_CREATE_REQUEST";
    public const string SnapshotCreate = "HETZNER_SNAPSHOT_CREATE";
    public const string SnapshotCreateFailed = "HETZNER_SNAPSHOT_CREATE_FAILED";
    public const string SnapshotDelete = "HETZNER_SNAPSHOT_DELETE";
    public const string SnapshotPrune = "HETZNER_SNAPSHOT_PRUNE";
    public const string SnapshotProtection = "HETZNER_SNAPSHOT_PROTECTION";
    public const string BackupsEnable = "HETZNER_BACKUPS_ENABLE";
    public const string BackupsDisable = "HETZNER_BACKUPS_DISABLE";

    /// <summary>Written before <c>disable_backup</c> is sent (it deletes Hetzner's backups), with the count read just before.</summary>
    public const string BackupsDisableRequest = "HETZNER_BACKUPS_DISABLE_REQUEST";
    public const string BackupsDisableFailed = "HETZNER_BACKUPS_DISABLE_FAILED";

    /// <summary>One per snapshot a prune deleted (the summary under <see cref="SnapshotPrune"/> comes at the end),
    /// written after Hetzner confirms the delete, or on restart for a delete a crash left unconfirmed.</summary>
    public const string SnapshotPruneDelete = "HETZNER_SNAPSHOT_PRUNE_DELETE";
    public const string SnapshotPruneFailed = "HETZNER_SNAPSHOT_PRUNE_FAILED";
    public const string ServerMoved = "HETZNER_SERVER_MOVED";
    public const string ServerUnconfirmed = "HETZNER_SERVER_UNCONFIRMED";
    public const string ServerSwitch = "HETZNER_SERVER_SWITCH";
    public const string PresetApplied = "HETZNER_PRESET_APPLIED";
    public const string ServerCreateRequest = "HETZNER_SERVER_CREATE_REQUEST";
    public const string ServerCreate = "HETZNER_SERVER_CREATE";
    public const string ServerCreateFailed = "HETZNER_SERVER_CREATE_FAILED";

    /// <summary>Written before anything is sent to Hetzner, so the trail shows a rebuild even when it never answered.</summary>
    public const string ServerRebuildRequest = "HETZNER_SERVER_REBUILD_REQUEST";

    /// <summary>The rebuild sent after the fresh snapshot the request asked for.</summary>
    public const string ServerRebuildSend = "HETZNER_SERVER_REBUILD_SEND";
    public const string ServerRebuild = "HETZNER_SERVER_REBUILD";
    public const string ServerRebuildFailed = "HETZNER_SERVER_REBUILD_FAILED";

    /// <summary>A rebuild that waited for its fresh snapshot when the panel restarted: ended without being sent.</summary>
    public const string ServerRebuildInterrupted = "HETZNER_SERVER_REBUILD_INTERRUPTED";
}
