using Polly;

namespace Panel.Modules.Hetzner.Integration;

/// <summary>Server types and locations; making a server from an image; rebuilding one.</summary>
internal sealed partial class HetznerApiClient
{
    private ResiliencePipeline<ServerAttempt>? _serverCreatePipeline;

    private ResiliencePipeline<ServerAttempt> ServerCreatePipeline => _serverCreatePipeline ??= new ResiliencePipelineBuilder<ServerAttempt> { TimeProvider = _timeProvider }
        .AddRetry(HetznerResilience.Backoff<ServerAttempt>(_resilience, args => ValueTask.FromResult(args.Outcome.Result?.TryAgain == true)))
        .Build();

    public async Task<HetznerResult<HetznerServerCatalog>> GetServerCatalogAsync(string token, CancellationToken cancellationToken)
    {
        var types = await ListAllAsync<ServerTypeListEnvelope, ServerTypeDto>(token, "server_types", e => e.ServerTypes, e => e.Meta, cancellationToken).ConfigureAwait(false);
        if (!types.IsSuccess)
        {
            return HetznerResult<HetznerServerCatalog>.Fail(types.Error!);
        }

        var locations = await ListAllAsync<LocationListEnvelope, LocationDto>(token, "locations", e => e.Locations, e => e.Meta, cancellationToken).ConfigureAwait(false);
        if (!locations.IsSuccess)
        {
            return HetznerResult<HetznerServerCatalog>.Fail(locations.Error!);
        }

        var serverTypes = types.Value!.Select(t => new HetznerServerType(
            t.Id, t.Name ?? "", t.Description ?? "", t.Cores, t.Memory, t.Disk, t.Architecture ?? "x86", t.Deprecated ?? false,
            t.Deprecation?.UnavailableAfter, t.Locations?.Select(l => l.Name ?? "").ToList())).ToList();
        var places = locations.Value!.Select(l => new HetznerLocation(l.Id, l.Name ?? "", l.Description ?? "", l.City ?? "", l.Country ?? "")).ToList();
        return HetznerResult<HetznerServerCatalog>.Ok(new HetznerServerCatalog(serverTypes, places));
    }

    public async Task<HetznerResult<CreatedHetznerServer>> CreateServerAsync(string token, NewServerOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var body = new CreateServerRequest(order.Name, order.ServerType, order.ImageId, order.Location, StartAfterCreate: true, order.Labels);
        var createClient = _clientFactory.CreateClient(CreateClientName);
        var outcome = await ServerCreatePipeline.ExecuteAsync(
            async ct => await CreateServerOnceAsync(createClient, token, body, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return outcome.Result;
    }

    /// <summary>One <c>POST /servers</c>; an ambiguous failure is settled by the server name before anything is sent again (ADR-0006, ADR-0033).</summary>
    private async Task<ServerAttempt> CreateServerOnceAsync(HttpClient createClient, string token, CreateServerRequest body, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(createClient, HttpMethod.Post, "servers", token, body, null, cancellationToken).ConfigureAwait(false);
        if (answer.Error is not { } error)
        {
            return new ServerAttempt(Read<CreateServerEnvelope, CreatedHetznerServer>(answer, e => e is { Server: { } server, Action: { } action }
                ? new CreatedHetznerServer(server.ToModel(), action.ToModel(), [.. (e.NextActions ?? []).Select(a => a.ToModel())])
                : null), TryAgain: false);
        }

        if (error.Code != HetznerError.NetworkError && error.HttpStatus < 500)
        {
            return new ServerAttempt(HetznerResult<CreatedHetznerServer>.Fail(error), HetznerResilience.IsRetryableCode(error.Code));
        }

        var lookup = await SendAsync(Http, HttpMethod.Get, $"servers?name={Uri.EscapeDataString(body.Name)}", token, null, null, cancellationToken).ConfigureAwait(false);
        var found = Read<ServerListEnvelope, ServerListEnvelope>(lookup, e => e);
        if (!found.IsSuccess)
        {
            return new ServerAttempt(HetznerResult<CreatedHetznerServer>.Fail(error), TryAgain: false);
        }

        if (found.Value!.Servers is [var server, ..])
        {
            // Only a server carrying this order's labels is the one the lost request made. Another of that name existed
            // before: reporting it as the new copy would send the admin to a production server (or the panel's own).
            return body.Labels.All(l => server.Labels?.GetValueOrDefault(l.Key) == l.Value)
                ? new ServerAttempt(HetznerResult<CreatedHetznerServer>.Ok(new CreatedHetznerServer(server.ToModel(), null, [])), TryAgain: false)
                : new ServerAttempt(HetznerResult<CreatedHetznerServer>.Fail(
                    new HetznerError(HetznerError.UniquenessError, "server name is already used", 409, ["name"])), TryAgain: false);
        }

        return new ServerAttempt(HetznerResult<CreatedHetznerServer>.Fail(error), error.Code == HetznerError.NetworkError || HetznerResilience.IsRetryableCode(error.Code));
    }

    public async Task<HetznerResult<HetznerAction>> RebuildServerAsync(string token, long serverId, long imageId, CancellationToken cancellationToken)
    {
        var createClient = _clientFactory.CreateClient(CreateClientName);
        var answer = await SendAsync(createClient, HttpMethod.Post, $"servers/{serverId}/actions/rebuild", token, new RebuildRequest(imageId), null, cancellationToken)
            .ConfigureAwait(false);
        if (answer.Error is not { } error)
        {
            return Read<ActionEnvelope, HetznerAction>(answer, e => e.Action?.ToModel());
        }

        if (error.Code != HetznerError.NetworkError && error.HttpStatus < 500)
        {
            return HetznerResult<HetznerAction>.Fail(error);
        }

        // Rebuilding wipes the disk: a second one is never sent on a guess. A running rebuild means the first got through.
        var running = await SendAsync(Http, HttpMethod.Get, $"servers/{serverId}/actions?status=running&sort=id:desc", token, null, null, cancellationToken)
            .ConfigureAwait(false);
        var started = Read<ActionListEnvelope, HetznerAction>(running, e => (e.Actions ?? []).FirstOrDefault(a => a.Command == "rebuild_server")?.ToModel());
        return started.IsSuccess ? started : HetznerResult<HetznerAction>.Fail(error);
    }

    private async Task<HetznerResult<List<TItem>>> ListAllAsync<TEnvelope, TItem>(
        string token, string path, Func<TEnvelope, List<TItem>?> items, Func<TEnvelope, MetaDto?> meta, CancellationToken cancellationToken)
        where TEnvelope : class
    {
        var all = new List<TItem>();
        for (long page = 1; ;)
        {
            var answer = await SendAsync(Http, HttpMethod.Get, $"{path}?per_page={PageSize}&page={page}", token, null, null, cancellationToken).ConfigureAwait(false);
            var read = Read<TEnvelope, TEnvelope>(answer, e => items(e) is null ? null : e);
            if (read.Value is not { } envelope)
            {
                return HetznerResult<List<TItem>>.Fail(read.Error!);
            }

            all.AddRange(items(envelope)!);
            if (meta(envelope)?.Pagination?.NextPage is not { } next || next <= page)
            {
                return HetznerResult<List<TItem>>.Ok(all);
            }

            page = next;
        }
    }

    private sealed record ServerAttempt(HetznerResult<CreatedHetznerServer> Result, bool TryAgain);
}

/// <summary>The documented <c>POST /servers</c> body for a server from an image: no SSH keys (a snapshot keeps its own
/// access), IPv4 and IPv6 as by default.</summary>
internal sealed record CreateServerRequest(
    string Name,
    string ServerType,
    long Image,
    string Location,
    bool StartAfterCreate,
    IReadOnlyDictionary<string, string> Labels);

internal sealed record RebuildRequest(long Image);

internal sealed class CreateServerEnvelope
{
    public ServerDto? Server { get; init; }

    public ActionDto? Action { get; init; }

    public List<ActionDto>? NextActions { get; init; }
}

internal sealed class ServerListEnvelope
{
    public List<ServerDto>? Servers { get; init; }
}

internal sealed class ActionListEnvelope
{
    public List<ActionDto>? Actions { get; init; }
}

internal sealed class ServerTypeListEnvelope
{
    public List<ServerTypeDto>? ServerTypes { get; init; }

    public MetaDto? Meta { get; init; }
}

internal sealed class LocationListEnvelope
{
    public List<LocationDto>? Locations { get; init; }

    public MetaDto? Meta { get; init; }
}

internal sealed class ServerTypeDto
{
    public long Id { get; init; }

    public string? Name { get; init; }

    public string? Description { get; init; }

    public int Cores { get; init; }

    public double Memory { get; init; }

    public double Disk { get; init; }

    public string? Architecture { get; init; }

    public bool? Deprecated { get; init; }

    public DeprecationDto? Deprecation { get; init; }

    public List<NamedDto>? Locations { get; init; }
}

internal sealed class DeprecationDto
{
    public DateTimeOffset? UnavailableAfter { get; init; }
}

internal sealed class LocationDto
{
    public long Id { get; init; }

    public string? Name { get; init; }

    public string? Description { get; init; }

    public string? City { get; init; }

    public string? Country { get; init; }
}

internal sealed class ServerTypePricingDto
{
    public string? Name { get; init; }

    public List<LocationPriceDto>? Prices { get; init; }
}

internal sealed class LocationPriceDto
{
    public string? Location { get; init; }

    public PriceDto? PriceMonthly { get; init; }
}
