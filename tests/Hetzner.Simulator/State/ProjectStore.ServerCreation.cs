using System.Security.Cryptography;
using Hetzner.Simulator.Api;

namespace Hetzner.Simulator.State;

/// <summary>What <c>POST /servers</c> asks for, after the endpoint has read the body.</summary>
internal sealed record ServerOrder(
    string Name, string ServerType, string Image, string? Location, bool StartAfterCreate, Dictionary<string, string> Labels);

internal sealed record CreatedServer(ServerInfo Server, ActionInfo Action, IReadOnlyList<ActionInfo> NextActions, string? RootPassword);

internal sealed record RebuiltServer(ActionInfo Action, string? RootPassword);

/// <summary>Servers made from an image, rebuilds, and the knobs that make Hetzner refuse them.</summary>
internal sealed partial class ProjectStore
{
    private readonly HashSet<string> _unavailableServerTypes = new(StringComparer.Ordinal);
    private int? _serverQuota;

    /// <summary>Maximum number of servers in the project; null means unlimited.</summary>
    public int? ServerQuota
    {
        get { lock (_gate) { return _serverQuota; } }
        set
        {
            if (value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), "The server quota cannot be negative.");
            }

            lock (_gate) { _serverQuota = value; }
        }
    }

    /// <summary>
    /// Server types that cannot be ordered now: <c>cx22</c> (anywhere) or <c>cx22@hel1</c> (in one location), as when
    /// Hetzner runs out of a type.
    /// </summary>
    public IReadOnlyList<string> UnavailableServerTypes
    {
        get { lock (_gate) { return [.. _unavailableServerTypes.Order(StringComparer.Ordinal)]; } }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            foreach (var entry in value)
            {
                var type = entry.Split('@')[0];
                var location = entry.Contains('@', StringComparison.Ordinal) ? entry.Split('@')[1] : null;
                if (ServerCatalog.FindServerType(type) is null || (location is not null && ServerCatalog.FindLocation(location) is null))
                {
                    throw new ArgumentException($"unavailableServerTypes: '{entry}' is not TYPE or TYPE@LOCATION of the catalog.");
                }
            }

            lock (_gate)
            {
                _unavailableServerTypes.Clear();
                _unavailableServerTypes.UnionWith(value);
            }
        }
    }

    /// <summary>Starts a create_server action (and start_server after it); checks in the order the API reports them.</summary>
    public CreatedServer CreateServer(ServerOrder order, Func<bool> takeFailure)
    {
        ArgumentNullException.ThrowIfNull(order);
        lock (_gate)
        {
            var now = Settle();
            var type = ServerCatalog.FindServerType(order.ServerType)
                ?? throw ApiException.InvalidInput("server_type", "server type not found");
            var location = order.Location is null ? ServerCatalog.DefaultLocation
                : ServerCatalog.FindLocation(order.Location) ?? throw ApiException.InvalidInput("location", "location not found");
            var image = FindImageByIdOrName(order.Image) ?? throw ApiException.InvalidInput("image", "image not found");
            if (_servers.Values.Any(s => s.Name == order.Name))
            {
                throw new ApiException(
                    "uniqueness_error", "server name is already used", new { fields = new[] { new { name = "name" } } });
            }

            CheckImageFits(image, type);
            if (!IsOrderable(type, location, now))
            {
                throw new ApiException("resource_unavailable", $"server type {type.Name} is unavailable in location {location.Name}");
            }

            if (_serverQuota is { } quota && _servers.Count >= quota)
            {
                throw new ApiException("resource_limit_exceeded", "server limit exceeded", new { limits = new[] { new { name = "server_limit" } } });
            }

            var serverId = _servers.Keys.DefaultIfEmpty(0).Max() + 1;
            var create = NewAction("create_server", now, _actionDuration, serverId, takeFailure() ? "server creation failed (simulated)" : null);
            // start_server follows create_server; it is listed at once (next_actions) and counts its time from the order.
            var start = order.StartAfterCreate ? NewAction("start_server", now, _actionDuration * 2, serverId, null) : null;
            var server = new ServerRecord(serverId, order.Name, "running", now, $"203.0.113.{10 + (_servers.Count % 240)}")
            {
                DiskSizeGb = type.Disk,
                Labels = order.Labels,
                ServerType = type.Name,
                Location = location.Name,
                ImageId = image.Id,
                Boot = new ServerBoot(create.Id, start?.Id),
            };
            _servers[serverId] = server;
            var rootPassword = image.Type is "snapshot" or "backup" ? null : NewPassword();
            return new CreatedServer(ToInfo(server, now), create.ToInfo(now), start is null ? [] : [start.ToInfo(now)], rootPassword);
        }
    }

    /// <summary>Starts a rebuild_server action that puts the image on the server's disk.</summary>
    public RebuiltServer Rebuild(long serverId, string imageIdOrName)
    {
        lock (_gate)
        {
            var now = Settle();
            if (!_servers.TryGetValue(serverId, out var server))
            {
                throw ApiException.NotFound("server");
            }

            var image = FindImageByIdOrName(imageIdOrName) ?? throw ApiException.InvalidInput("image", "image not found");
            if (IsLocked(serverId, now))
            {
                throw new ApiException("locked", "server is locked by a running action");
            }

            CheckImageFits(image, ServerCatalog.ServerTypeNamed(server.ServerType));
            var action = NewAction("rebuild_server", now, _actionDuration, serverId, null);
            server.ImageId = image.Id;
            return new RebuiltServer(action.ToInfo(now), image.Type is "snapshot" or "backup" ? null : NewPassword());
        }
    }

    /// <summary>A running action on a server that does nothing else, so that tests can meet a locked server.</summary>
    public ActionInfo StartServerAction(long serverId, string command, TimeSpan duration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        lock (_gate)
        {
            var now = Settle();
            return _servers.ContainsKey(serverId)
                ? NewAction(command, now, duration, serverId, null).ToInfo(now)
                : throw new ArgumentException($"Server {serverId} does not exist.", nameof(serverId));
        }
    }

    /// <summary>Orderable: sold in the location, not past its deprecation and not switched off by a test.</summary>
    private bool IsOrderable(CatalogServerType type, CatalogLocation location, DateTimeOffset now) =>
        type.MonthlyNetByLocation.ContainsKey(location.Name)
        && !(type.UnavailableAfter is { } end && now >= end)
        && !_unavailableServerTypes.Contains(type.Name)
        && !_unavailableServerTypes.Contains($"{type.Name}@{location.Name}");

    private ImageRecord? FindImageByIdOrName(string idOrName) =>
        long.TryParse(idOrName, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? _images.GetValueOrDefault(id)
            : _images.Values.FirstOrDefault(i => i.Name == idOrName);

    private static void CheckImageFits(ImageRecord image, CatalogServerType type)
    {
        if (image.Status != "available")
        {
            throw ApiException.InvalidInput("image", "image is not available");
        }

        if (image.DiskSizeGb > type.Disk)
        {
            throw ApiException.InvalidInput("server_type", $"disk of server type {type.Name} ({type.Disk} GB) is smaller than the image ({image.DiskSizeGb} GB)");
        }

        if (type.Architecture != "x86")
        {
            // Every simulated image is x86, as ImageDto reports.
            throw ApiException.InvalidInput("server_type", $"server type {type.Name} has architecture {type.Architecture}, the image x86");
        }
    }

    private ActionRecord NewAction(string command, DateTimeOffset now, TimeSpan duration, long serverId, string? failure)
    {
        var action = new ActionRecord
        {
            Id = _nextActionId++,
            Command = command,
            Started = now,
            Duration = duration,
            FailureMessage = failure,
            Resources = [new ActionResource(serverId, "server")],
        };
        _actions[action.Id] = action;
        return action;
    }

    /// <summary>The status Hetzner shows while the server's own actions run; otherwise the stored one.</summary>
    private string StatusAt(ServerRecord server, DateTimeOffset now)
    {
        bool Running(long? id) => id is { } actionId && _actions.TryGetValue(actionId, out var a) && !a.IsFinishedAt(now);

        if (server.Boot is { } boot)
        {
            if (Running(boot.CreateActionId))
            {
                return "initializing";
            }

            if (_actions[boot.CreateActionId].FailureMessage is not null || boot.StartActionId is null)
            {
                return "off";
            }

            if (Running(boot.StartActionId))
            {
                return "starting";
            }
        }

        return _actions.Values.Any(a => a.Command == "rebuild_server" && !a.IsFinishedAt(now) && a.Resources.Contains(new ActionResource(server.Id, "server")))
            ? "rebuilding"
            : server.Status;
    }

    private static string NewPassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y');
}
