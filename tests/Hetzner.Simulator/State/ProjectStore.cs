using Hetzner.Simulator.Api;

namespace Hetzner.Simulator.State;

/// <summary>
/// Servers, images and actions of the single simulated project. Every member takes one lock and first settles
/// actions whose time is up, so readers always see the state the elapsed time implies.
/// </summary>
internal sealed partial class ProjectStore(TimeProvider time)
{
    private const int BackupSlotsPerServer = 7;

    private readonly Lock _gate = new();
    private readonly Dictionary<long, ServerRecord> _servers = [];
    private readonly Dictionary<long, ImageRecord> _images = [];
    private readonly Dictionary<long, ActionRecord> _actions = [];
    private long _nextImageId = 100_001;
    private long _nextActionId = 5_000_001;
    private TimeSpan _actionDuration = SimulatorDefaults.ActionDuration;
    private int? _snapshotQuota;

    public TimeSpan ActionDuration
    {
        get { lock (_gate) { return _actionDuration; } }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            lock (_gate) { _actionDuration = value; }
        }
    }

    public int? SnapshotQuota
    {
        get { lock (_gate) { return _snapshotQuota; } }
        set
        {
            if (value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), "The snapshot quota cannot be negative.");
            }

            lock (_gate) { _snapshotQuota = value; }
        }
    }

    public long AddServer(string name, string status, long? id = null, string? ipv4 = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (_gate)
        {
            var newId = id ?? (_servers.Count == 0 ? 1 : _servers.Keys.Max() + 1);
            if (_servers.ContainsKey(newId))
            {
                throw new ArgumentException($"Server {newId} already exists.", nameof(id));
            }

            var address = ipv4 ?? $"203.0.113.{10 + (_servers.Count % 240)}";
            _servers[newId] = new ServerRecord(newId, name, status, time.GetUtcNow().AddDays(-30), address);
            return newId;
        }
    }

    public long AddImage(SeedImage seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        lock (_gate)
        {
            var server = seed.CreatedFromServerId is { } sid && _servers.TryGetValue(sid, out var s) ? s : null;
            var id = _nextImageId++;
            var isUserImage = seed.Type is "snapshot" or "backup";
            _images[id] = new ImageRecord
            {
                Id = id,
                Type = seed.Type,
                Status = seed.Status,
                Name = isUserImage ? null : Slug(seed.Description),
                Description = seed.Description,
                ImageSizeGb = seed.ImageSizeGb,
                FinalSizeGb = seed.ImageSizeGb ?? SizeFor(id),
                Created = seed.Created ?? time.GetUtcNow(),
                CreatedFromId = isUserImage ? seed.CreatedFromServerId : null,
                CreatedFromName = isUserImage && seed.CreatedFromServerId is { } from ? server?.Name ?? $"server-{from}" : null,
                BoundTo = seed.Type == "backup" ? seed.CreatedFromServerId : null,
                Labels = seed.Labels is null ? new(StringComparer.Ordinal) : new(seed.Labels, StringComparer.Ordinal),
                DeleteProtected = seed.DeleteProtected,
            };
            return id;
        }
    }

    public IReadOnlyList<ServerInfo> Servers()
    {
        lock (_gate)
        {
            var now = Settle();
            return [.. _servers.Values.Select(s => ToInfo(s, now))];
        }
    }

    public ServerInfo? FindServer(long id)
    {
        lock (_gate)
        {
            var now = Settle();
            return _servers.TryGetValue(id, out var s) ? ToInfo(s, now) : null;
        }
    }

    public IReadOnlyList<ImageInfo> Images()
    {
        lock (_gate)
        {
            Settle();
            return [.. _images.Values.Select(ImageInfo.From)];
        }
    }

    public ImageInfo? FindImage(long id)
    {
        lock (_gate)
        {
            Settle();
            return _images.TryGetValue(id, out var image) ? ImageInfo.From(image) : null;
        }
    }

    public IReadOnlyList<ActionInfo> Actions()
    {
        lock (_gate)
        {
            var now = Settle();
            return [.. _actions.Values.Select(a => a.ToInfo(now))];
        }
    }

    public ActionInfo? FindAction(long id)
    {
        lock (_gate)
        {
            var now = Settle();
            return _actions.TryGetValue(id, out var action) ? action.ToInfo(now) : null;
        }
    }

    /// <summary>Starts a create_image action; <paramref name="takeFailure"/> is asked only once the request is known to succeed, so a queued fault is not wasted.</summary>
    public (ActionInfo Action, ImageInfo Image) CreateImage(
        long serverId, string type, string? description, Dictionary<string, string> labels, Func<bool> takeFailure)
    {
        lock (_gate)
        {
            var now = Settle();
            var server = UnlockedServer(serverId, now);
            if (type == "snapshot" && _snapshotQuota is { } quota && _images.Values.Count(i => i.Type == "snapshot") >= quota)
            {
                throw new ApiException(
                    "resource_limit_exceeded",
                    "snapshot limit exceeded",
                    new { limits = new[] { new { name = "snapshot_limit" } } });
            }

            var imageId = _nextImageId++;
            var actionId = _nextActionId++;
            var action = new ActionRecord
            {
                Id = actionId,
                Command = "create_image",
                Started = now,
                Duration = _actionDuration,
                FailureMessage = takeFailure() ? "image creation failed (simulated)" : null,
                Resources = [new ActionResource(serverId, "server"), new ActionResource(imageId, "image")],
            };
            var image = new ImageRecord
            {
                Id = imageId,
                Type = type,
                Status = "creating",
                Description = description ?? $"{server.Name}-{now:yyyyMMddHHmmss}",
                FinalSizeGb = SizeFor(imageId),
                DiskSizeGb = server.DiskSizeGb,
                Created = now,
                CreatedFromId = server.Id,
                CreatedFromName = server.Name,
                BoundTo = type == "backup" ? server.Id : null,
                Labels = labels,
                CreatingActionId = actionId,
            };
            _actions[actionId] = action;
            _images[imageId] = image;
            if (type == "backup")
            {
                DropOldBackupsBeyondSlots(server.Id);
            }

            Settle();
            return (action.ToInfo(now), ImageInfo.From(image));
        }
    }

    public ImageInfo UpdateImage(long id, string? description, Dictionary<string, string>? labels, string? type)
    {
        lock (_gate)
        {
            Settle();
            var image = UserImage(id, "updated");
            if (description is not null)
            {
                image.Description = description;
            }

            if (labels is not null)
            {
                image.Labels = labels;
            }

            if (type is not null)
            {
                image.Type = type;
                image.BoundTo = null;
            }

            return ImageInfo.From(image);
        }
    }

    public void DeleteImage(long id)
    {
        lock (_gate)
        {
            Settle();
            var image = UserImage(id, "deleted");
            if (image.DeleteProtected)
            {
                throw new ApiException("protected", "image is delete protected");
            }

            _images.Remove(id);
        }
    }

    public ActionInfo ChangeProtection(long id, bool? delete)
    {
        lock (_gate)
        {
            var now = Settle();
            if (!_images.TryGetValue(id, out var image))
            {
                throw ApiException.NotFound("image");
            }

            if (image.Type != "snapshot")
            {
                throw ApiException.Unsupported("protection can only be changed on snapshots");
            }

            image.DeleteProtected = delete ?? image.DeleteProtected;
            var action = new ActionRecord
            {
                Id = _nextActionId++,
                Command = "change_protection",
                Started = now,
                Duration = TimeSpan.Zero,
                Resources = [new ActionResource(id, "image")],
            };
            _actions[action.Id] = action;
            return action.ToInfo(now);
        }
    }

    private ImageRecord UserImage(long id, string verb)
    {
        if (!_images.TryGetValue(id, out var image))
        {
            throw ApiException.NotFound("image");
        }

        return image.Type is "snapshot" or "backup"
            ? image
            : throw ApiException.Unsupported($"only snapshot and backup images can be {verb}");
    }

    private void DropOldBackupsBeyondSlots(long serverId)
    {
        var surplus = _images.Values
            .Where(i => i.Type == "backup" && i.BoundTo == serverId)
            .OrderByDescending(i => i.Created)
            .ThenByDescending(i => i.Id)
            .Skip(BackupSlotsPerServer)
            .Select(i => i.Id)
            .ToList();
        surplus.ForEach(id => _images.Remove(id));
    }

    /// <summary>Applies the outcome of every action whose duration has passed; must run under the lock.</summary>
    private DateTimeOffset Settle()
    {
        var now = time.GetUtcNow();
        TakeDueBackups(now);
        foreach (var image in _images.Values.Where(i => i.CreatingActionId is not null).ToList())
        {
            var action = _actions[image.CreatingActionId!.Value];
            if (!action.IsFinishedAt(now))
            {
                continue;
            }

            if (action.FailureMessage is not null)
            {
                _images.Remove(image.Id);
                continue;
            }

            image.Status = "available";
            image.ImageSizeGb = image.FinalSizeGb;
            image.CreatingActionId = null;
        }

        return now;
    }

    /// <summary>The server a new action is about to start on: 404 when unknown, 423 while another action runs on it.</summary>
    private ServerRecord UnlockedServer(long serverId, DateTimeOffset now) =>
        !_servers.TryGetValue(serverId, out var server) ? throw ApiException.NotFound("server")
        : IsLocked(serverId, now) ? throw new ApiException("locked", "server is locked by a running action")
        : server;

    private bool IsLocked(long serverId, DateTimeOffset now) =>
        _actions.Values.Any(a => !a.IsFinishedAt(now) && a.Resources.Contains(new ActionResource(serverId, "server")));

    private ServerInfo ToInfo(ServerRecord s, DateTimeOffset now) =>
        new(s.Id, s.Name, StatusAt(s, now), s.Created, s.Ipv4, s.DiskSizeGb, new Dictionary<string, string>(s.Labels), IsLocked(s.Id, now),
            s.ServerType, s.Location, s.ImageId, s.BackupWindow);

    /// <summary>Deterministic 1.5-3.0 GB, so tests can predict sizes without a random source.</summary>
    private static double SizeFor(long imageId) => Math.Round(1.5 + (imageId % 16 * 0.1), 2);

    private static string Slug(string description) =>
        string.Join('-', description.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
