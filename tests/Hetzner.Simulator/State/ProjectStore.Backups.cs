using System.Globalization;

namespace Hetzner.Simulator.State;

/// <summary>
/// Hetzner's own Backups of a server: <c>enable_backup</c> gives the server a daily window, and a backup image is taken
/// at the start of that window every day (7 slots, the oldest goes); <c>disable_backup</c> deletes every backup of the
/// server at once, as the API documents ("Caution: This immediately removes all existing backups").
/// </summary>
internal sealed partial class ProjectStore
{
    /// <summary>The four-hour windows Hetzner assigns, by UTC start hour.</summary>
    private static readonly string[] BackupWindows = ["22-02", "02-06", "06-10", "10-14", "14-18", "18-22"];

    /// <summary>Starts <c>enable_backup</c> or <c>disable_backup</c>. A failing action (<paramref name="takeFailure"/>)
    /// changes nothing, as a failed action at Hetzner does.</summary>
    /// <param name="serverId">The server.</param>
    /// <param name="enable">On or off.</param>
    /// <param name="takeFailure">Asked once the request is known to be valid, so a queued fault is not wasted.</param>
    /// <param name="duration">How long the action runs (locking the server); the project's action duration when null.</param>
    public ActionInfo ChangeBackups(long serverId, bool enable, Func<bool> takeFailure, TimeSpan? duration = null)
    {
        lock (_gate)
        {
            var now = Settle();
            var server = UnlockedServer(serverId, now);
            var failed = takeFailure();
            if (!failed && enable && server.BackupWindow is null)
            {
                server.BackupWindow = BackupWindows[(int)(serverId % BackupWindows.Length)];
                server.BackupsTakenUntil = now;
            }
            else if (!failed && !enable)
            {
                server.BackupWindow = null;
                server.BackupsTakenUntil = null;
                foreach (var id in _images.Values.Where(i => i.Type == "backup" && i.BoundTo == serverId).Select(i => i.Id).ToList())
                {
                    _images.Remove(id);
                }
            }

            var action = new ActionRecord
            {
                Id = _nextActionId++,
                Command = enable ? "enable_backup" : "disable_backup",
                Started = now,
                Duration = duration ?? _actionDuration,
                FailureMessage = failed ? "backup configuration failed (simulated)" : null,
                Resources = [new ActionResource(serverId, "server")],
            };
            _actions[action.Id] = action;
            return action.ToInfo(now);
        }
    }

    /// <summary>Takes every daily backup whose window has begun since the last one; must run under the lock.</summary>
    private void TakeDueBackups(DateTimeOffset now)
    {
        foreach (var server in _servers.Values.Where(s => s.BackupWindow is not null && s.BackupsTakenUntil is not null))
        {
            var startHour = int.Parse(server.BackupWindow![..2], CultureInfo.InvariantCulture);
            var from = server.BackupsTakenUntil!.Value;
            var next = new DateTimeOffset(from.UtcDateTime.Date.AddHours(startHour), TimeSpan.Zero);
            if (next <= from)
            {
                next = next.AddDays(1);
            }

            // Only the last slots' worth can survive, so a clock that jumps years does not make thousands first.
            var earliest = now.AddDays(-BackupSlotsPerServer - 1);
            while (next < earliest)
            {
                next = next.AddDays(1);
            }

            for (; next <= now; next = next.AddDays(1))
            {
                var id = _nextImageId++;
                _images[id] = new ImageRecord
                {
                    Id = id,
                    Type = "backup",
                    Status = "available",
                    Description = $"{server.Name} backup {next:yyyy-MM-dd}",
                    ImageSizeGb = SizeFor(id),
                    FinalSizeGb = SizeFor(id),
                    DiskSizeGb = server.DiskSizeGb,
                    Created = next,
                    CreatedFromId = server.Id,
                    CreatedFromName = server.Name,
                    BoundTo = server.Id,
                    Labels = new(StringComparer.Ordinal),
                };
                server.BackupsTakenUntil = next;
                DropOldBackupsBeyondSlots(server.Id);
            }
        }
    }
}
