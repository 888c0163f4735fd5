using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Panel.Contracts;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Integration;
using Panel.Modules.Hetzner.Snapshots.Secrets;

namespace Panel.Modules.Hetzner.Snapshots.Server;

/// <summary>What the last comparison of the metadata service's server id with the saved one found.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ServerCheckStatus>))]
internal enum ServerCheckStatus
{
    /// <summary>Not checked since the panel started.</summary>
    NotChecked,

    /// <summary>No token is saved, so there is no server to compare with.</summary>
    NoServerSaved,

    /// <summary>The panel runs on the saved server.</summary>
    Confirmed,

    /// <summary>The panel runs on another server than the saved one (a copied data folder, a restored backup, a moved disk).</summary>
    Moved,

    /// <summary>The metadata service did not answer; nothing acts on the saved id until it does.</summary>
    Unreachable,
}

/// <param name="Status">The outcome.</param>
/// <param name="SavedServerId">The server the token was checked against.</param>
/// <param name="SavedServerName">Its name.</param>
/// <param name="CurrentServerId">The server the metadata service answered with (null when it did not answer).</param>
/// <param name="CheckedAt">When the metadata service was asked.</param>
/// <param name="Error">Why it did not answer.</param>
internal sealed record ServerCheck(
    ServerCheckStatus Status,
    long? SavedServerId,
    string? SavedServerName,
    long? CurrentServerId,
    DateTimeOffset? CheckedAt,
    string? Error)
{
    public static readonly ServerCheck NotChecked = new(ServerCheckStatus.NotChecked, null, null, null, null, null);

    /// <summary>Creating, deleting and pruning are only allowed on a confirmed server.</summary>
    public bool AllowsChanges => Status == ServerCheckStatus.Confirmed;

    public string SavedServer => $"{SavedServerName ?? "?"} ({SavedServerId?.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>Why nothing was <paramref name="done"/> (created, deleted, pruned), naming both servers; null when allowed.</summary>
    public string? Refusal(string done) => Reason is { } reason ? $"Nothing was {done}: {reason}" : null;

    /// <summary>Why the panel may not act for the saved server now; null when it may.</summary>
    public string? Reason => Status switch
    {
        ServerCheckStatus.Moved =>
            $"the panel now runs on server {CurrentServerId}, but its settings are for server {SavedServer}. "
            + $"Acting for server {SavedServerId} from here could make or delete that server's snapshots. If this panel now "
            + $"belongs to server {CurrentServerId}, use \"Switch to this server\" on the Settings or Snapshots tab.",
        ServerCheckStatus.Unreachable =>
            $"the panel could not confirm that it still runs on server {SavedServer} ({Error}). "
            + "It never falls back to the saved server id; try again in a moment.",
        _ => null,
    };
}

/// <summary>The latest <see cref="ServerCheck"/> of this process. In memory on purpose: every start checks afresh, so a
/// copied data folder never carries a verdict from the server it came from.</summary>
internal sealed class ServerIdentityState
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private ServerCheck _current = ServerCheck.NotChecked;
    private int _failures;
    private (long Saved, long Current)? _reportedMove;
    private DateTimeOffset? _unreachableSince;
    private bool _outageReported;

    public ServerCheck Current
    {
        get { lock (_gate) { return _current; } }
    }

    /// <summary>When a held-back run should ask the metadata service again: 10 s after the first failure, doubling up
    /// to 5 minutes. Null unless the last check found it unreachable.</summary>
    public DateTimeOffset? RetryAt
    {
        get
        {
            lock (_gate)
            {
                if (_current.Status != ServerCheckStatus.Unreachable || _current.CheckedAt is not { } at)
                {
                    return null;
                }

                var delay = FirstRetry * Math.Pow(2, Math.Min(_failures - 1, 10));
                return at + (delay > LongestRetry ? LongestRetry : delay);
            }
        }
    }

    /// <summary>True once per outage, when the metadata service has been silent for <paramref name="patience"/>: a blip
    /// is only logged, an outage that holds back snapshots is worth a notification.</summary>
    public bool ClaimOutageReport(DateTimeOffset now, TimeSpan patience)
    {
        lock (_gate)
        {
            if (_outageReported || _unreachableSince is not { } since || now - since < patience)
            {
                return false;
            }

            _outageReported = true;
            return true;
        }
    }

    /// <summary>Records a check; true when it found a move not reported yet (so it is announced once, not per run).</summary>
    public bool Record(ServerCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        lock (_gate)
        {
            _current = check;
            var unreachable = check.Status == ServerCheckStatus.Unreachable;
            _failures = unreachable ? _failures + 1 : 0;
            _unreachableSince = unreachable ? _unreachableSince ?? check.CheckedAt : null;
            _outageReported &= unreachable;
            if (check.Status != ServerCheckStatus.Moved)
            {
                if (check.Status is ServerCheckStatus.Confirmed or ServerCheckStatus.NoServerSaved)
                {
                    _reportedMove = null;
                }

                return false;
            }

            var move = (check.SavedServerId!.Value, check.CurrentServerId!.Value);
            if (_reportedMove == move)
            {
                return false;
            }

            _reportedMove = move;
            return true;
        }
    }
}

/// <summary>
/// The one place that decides whether the panel may act for the saved server: it asks the metadata service which
/// server the panel runs on now and compares. The run executor, the pruner and the create and delete handlers call it
/// right before they change anything at Hetzner; there is no fallback to the saved id.
/// </summary>
internal sealed partial class ServerIdentity(
    HetznerDbContext db,
    IHetznerApi api,
    ConnectionReader connections,
    ServerIdentityState state,
    IAuditLog auditLog,
    IAdminNotifier notifier,
    TimeProvider timeProvider,
    ILogger<ServerIdentity> logger)
{
    public ServerCheck Current => state.Current;

    public DateTimeOffset? RetryAt => state.RetryAt;

    /// <summary>Asks the metadata service now. A move found for the first time raises a Critical notification and an event.</summary>
    public async Task<ServerCheck> CheckAsync(CancellationToken cancellationToken)
    {
        var settings = await db.Settings.AsNoTracking().SingleAsync(s => s.Id == SettingsRecord.SingletonId, cancellationToken);
        if (settings.ServerId is not { } savedId || settings.ProtectedToken is null)
        {
            var none = new ServerCheck(ServerCheckStatus.NoServerSaved, null, null, null, timeProvider.GetUtcNow(), null);
            state.Record(none);
            return none;
        }

        var instance = await api.GetInstanceIdAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        var check = !instance.IsSuccess
            ? new ServerCheck(ServerCheckStatus.Unreachable, savedId, settings.ServerName, null, now, HetznerErrorText.Describe(instance.Error!))
            : new ServerCheck(instance.Value == savedId ? ServerCheckStatus.Confirmed : ServerCheckStatus.Moved,
                savedId, settings.ServerName, instance.Value, now, null);
        if (state.Record(check))
        {
            await AnnounceMoveAsync(check, cancellationToken);
        }
        else if (check.Status == ServerCheckStatus.Unreachable)
        {
            LogUnreachable(logger, check.SavedServer, check.Error!);
        }

        return check;
    }

    /// <summary>The saved connection, once the panel is confirmed to run on its server; otherwise a 409 (moved) or a
    /// 502 (metadata service silent) saying that nothing was <paramref name="done"/> and why.</summary>
    public async Task<HetznerConnection> RequireAsync(string done, CancellationToken cancellationToken)
    {
        var connection = await connections.RequireAsync(cancellationToken);
        var check = await CheckAsync(cancellationToken);
        return check.Status switch
        {
            ServerCheckStatus.Confirmed => connection,
            ServerCheckStatus.Unreachable => throw ProblemException.Upstream(check.Refusal(done)!),
            _ => throw ProblemException.Conflict(check.Refusal(done) ?? ConnectionReader.NoTokenMessage),
        };
    }

    /// <inheritdoc cref="ServerIdentityState.ClaimOutageReport"/>
    public bool ClaimOutageReport(TimeSpan patience) => state.ClaimOutageReport(timeProvider.GetUtcNow(), patience);

    /// <summary>After a token was checked against the server the metadata service named just now.</summary>
    public void Confirm(long serverId, string serverName) =>
        state.Record(new ServerCheck(ServerCheckStatus.Confirmed, serverId, serverName, serverId, timeProvider.GetUtcNow(), null));

    private async Task AnnounceMoveAsync(ServerCheck check, CancellationToken cancellationToken)
    {
        LogMoved(logger, check.CurrentServerId!.Value, check.SavedServer);
        var text = $"The panel now runs on server {check.CurrentServerId}, but its Hetzner settings are for server {check.SavedServer}. "
            + "Nothing is created, deleted or pruned and automatic snapshots are paused until an admin switches the panel to this "
            + "server (Hetzner, Settings or Snapshots tab) or it runs on the saved server again.";
        await auditLog.WriteAsync(new AuditEvent(HetznerModule.Id, AuditCodes.ServerMoved, text), cancellationToken);
        await notifier.RaiseAsync(
            new AdminNotification(HetznerModule.Id, NotificationSeverity.Critical, "The panel runs on another server", text),
            cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The panel now runs on server {CurrentServerId}, but its Hetzner settings are for server {SavedServer}: snapshots are paused until an admin switches.")]
    private static partial void LogMoved(ILogger logger, long currentServerId, string savedServer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not confirm that the panel runs on server {SavedServer}: {Reason}. Snapshot work waits and retries.")]
    private static partial void LogUnreachable(ILogger logger, string savedServer, string reason);
}
