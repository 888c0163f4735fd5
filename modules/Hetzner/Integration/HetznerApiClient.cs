using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace Panel.Modules.Hetzner.Integration;

/// <summary>
/// <see cref="IHetznerApi"/> over HTTP. Idempotent requests go through the named API client's retry pipeline;
/// <c>create_image</c> goes through a single-attempt client and its own duplicate-free retry loop.
/// </summary>
internal sealed partial class HetznerApiClient : IHetznerApi
{
    public const string ApiClientName = "Panel.Hetzner.Api";
    public const string CreateClientName = "Panel.Hetzner.Api.Create";
    public const string MetadataClientName = "Panel.Hetzner.Metadata";

    /// <summary>Marks every snapshot this client makes, so that it can be found again after an unanswered create.</summary>
    public const string RequestLabelKey = "panelhost.io/request";

    /// <summary>The largest id the API accepts in a path: an image that can never exist.</summary>
    private const long ImpossibleImageId = 9007199254740991;

    private const int PageSize = 50;

    private readonly IHttpClientFactory _clientFactory;
    private readonly HetznerRateLimitGate _gate;
    private readonly TimeProvider _timeProvider;
    private readonly HetznerResilienceOptions _resilience;
    private HttpClient? _http;
    private ResiliencePipeline<CreateAttempt>? _createPipeline;

    // The client is resolved by every scheduler pass and page that might talk to Hetzner, most of which end up not
    // calling it (no token saved, nothing due); its HTTP handlers and retry pipelines are built on first use only.
    public HetznerApiClient(
        IHttpClientFactory clientFactory,
        HetznerRateLimitGate gate,
        TimeProvider timeProvider,
        IOptions<HetznerApiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _clientFactory = clientFactory;
        _gate = gate;
        _timeProvider = timeProvider;
        _resilience = options.Value.Resilience;
    }

    private HttpClient Http => _http ??= _clientFactory.CreateClient(ApiClientName);

    private ResiliencePipeline<CreateAttempt> CreatePipeline => _createPipeline ??= new ResiliencePipelineBuilder<CreateAttempt> { TimeProvider = _timeProvider }
        .AddRetry(HetznerResilience.Backoff<CreateAttempt>(_resilience, args => ValueTask.FromResult(args.Outcome.Result?.TryAgain == true)))
        .Build();

    public async Task<HetznerResult<long>> GetInstanceIdAsync(CancellationToken cancellationToken)
    {
        var client = _clientFactory.CreateClient(MetadataClientName);
        try
        {
            using var response = await client.GetAsync(new Uri("instance-id", UriKind.Relative), cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return HetznerResult<long>.Fail(ErrorFrom((int)response.StatusCode, text));
            }

            return long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? HetznerResult<long>.Ok(id)
                : HetznerResult<long>.Fail(new HetznerError(HetznerError.InvalidResponse, "The metadata service did not answer with a server id.", (int)response.StatusCode));
        }
        catch (Exception ex) when (IsNoAnswer(ex, cancellationToken))
        {
            return HetznerResult<long>.Fail(NoAnswer(ex, "the metadata service"));
        }
    }

    public async Task<HetznerResult<HetznerServer>> GetServerAsync(string token, long serverId, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(Http, HttpMethod.Get, $"servers/{serverId}", token, null, null, cancellationToken).ConfigureAwait(false);
        return Read<ServerEnvelope, HetznerServer>(answer, e => e.Server?.ToModel());
    }

    public async Task<HetznerResult<bool>> CanWriteAsync(string token, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(Http, HttpMethod.Put, $"images/{ImpossibleImageId}", token, new Dictionary<string, string>(), null, cancellationToken)
            .ConfigureAwait(false);
        return answer.Error switch
        {
            { Code: HetznerError.TokenReadOnly } => HetznerResult<bool>.Ok(false),
            { Code: HetznerError.NotFound } => HetznerResult<bool>.Ok(true),
            { } error => HetznerResult<bool>.Fail(error),
            null => HetznerResult<bool>.Fail(new HetznerError(
                HetznerError.InvalidResponse, $"Hetzner accepted a write to image {ImpossibleImageId}, which cannot exist.", answer.Status)),
        };
    }

    public async Task<HetznerResult<CreatedSnapshot>> CreateSnapshotAsync(
        string token, long serverId, string description, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var requestId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var body = new CreateImageRequest(
            "snapshot",
            description,
            new Dictionary<string, string>(labels) { [RequestLabelKey] = requestId });
        var createClient = _clientFactory.CreateClient(CreateClientName);
        var outcome = await CreatePipeline.ExecuteAsync(
            async ct => await CreateOnceAsync(createClient, token, serverId, body, requestId, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        return outcome.Result;
    }

    /// <summary>
    /// One <c>create_image</c>. An answer that leaves open whether the snapshot was made (no answer, 5xx) is settled by
    /// looking for the request label before anything is sent again; only "nothing was made" may be tried again.
    /// </summary>
    private async Task<CreateAttempt> CreateOnceAsync(
        HttpClient createClient, string token, long serverId, CreateImageRequest body, string requestId, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(
            createClient, HttpMethod.Post, $"servers/{serverId}/actions/create_image", token, body, null, cancellationToken).ConfigureAwait(false);
        if (answer.Error is not { } error)
        {
            var created = Read<CreateImageEnvelope, CreatedSnapshot>(
                answer, e => e is { Image: { } image, Action: { } action } ? new CreatedSnapshot(image.ToModel(), action.ToModel()) : null);
            return new CreateAttempt(created, TryAgain: false);
        }

        var ambiguous = error.Code == HetznerError.NetworkError || error.HttpStatus >= 500;
        if (!ambiguous)
        {
            // conflict and rate_limit_exceeded are refusals: nothing was made, so sending again is safe.
            return new CreateAttempt(HetznerResult<CreatedSnapshot>.Fail(error), HetznerResilience.IsRetryableCode(error.Code));
        }

        var lookup = await ListSnapshotsAsync(token, $"{RequestLabelKey}={requestId}", cancellationToken).ConfigureAwait(false);
        if (!lookup.IsSuccess)
        {
            // Not knowing whether the first request made a snapshot, a second one could make a duplicate.
            return new CreateAttempt(HetznerResult<CreatedSnapshot>.Fail(error), TryAgain: false);
        }

        if (lookup.Value is [var found, ..])
        {
            return new CreateAttempt(HetznerResult<CreatedSnapshot>.Ok(new CreatedSnapshot(found, null)), TryAgain: false);
        }

        var retryable = error.Code == HetznerError.NetworkError || HetznerResilience.IsRetryableCode(error.Code);
        return new CreateAttempt(HetznerResult<CreatedSnapshot>.Fail(error), retryable);
    }

    public async Task<HetznerResult<IReadOnlyList<HetznerImage>>> ListSnapshotsAsync(
        string token, string? labelSelector, CancellationToken cancellationToken)
    {
        var images = new List<HetznerImage>();
        long page = 1;
        while (true)
        {
            var result = await ListSnapshotPageAsync(token, labelSelector, page, cancellationToken).ConfigureAwait(false);
            if (result.Value is not { } envelope)
            {
                return HetznerResult<IReadOnlyList<HetznerImage>>.Fail(result.Error!);
            }

            images.AddRange((envelope.Images ?? []).Select(i => i.ToModel()));
            // A next page that does not move forward would loop forever; the official clients stop on null or 0.
            if (envelope.Meta?.Pagination?.NextPage is not { } next || next <= page)
            {
                return HetznerResult<IReadOnlyList<HetznerImage>>.Ok(images);
            }

            page = next;
        }
    }

    public async Task<HetznerResult<SnapshotPage>> ListNewestSnapshotsAsync(string token, CancellationToken cancellationToken)
    {
        var result = await ListSnapshotPageAsync(token, null, 1, cancellationToken).ConfigureAwait(false);
        return result.Map(envelope => new SnapshotPage(
            [.. (envelope.Images ?? []).Select(i => i.ToModel())],
            Complete: envelope.Meta?.Pagination?.NextPage is not > 1));
    }

    private async Task<HetznerResult<ImageListEnvelope>> ListSnapshotPageAsync(
        string token, string? labelSelector, long page, CancellationToken cancellationToken)
    {
        var selector = string.IsNullOrEmpty(labelSelector) ? "" : "&label_selector=" + Uri.EscapeDataString(labelSelector);
        var answer = await SendAsync(
            Http, HttpMethod.Get, $"images?type=snapshot&sort=created:desc&per_page={PageSize}&page={page}{selector}", token, null, null, cancellationToken)
            .ConfigureAwait(false);
        return Read<ImageListEnvelope, ImageListEnvelope>(answer, e => e);
    }

    public async Task<HetznerResult<HetznerImage>> GetImageAsync(string token, long imageId, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(Http, HttpMethod.Get, $"images/{imageId}", token, null, null, cancellationToken).ConfigureAwait(false);
        return Read<ImageEnvelope, HetznerImage>(answer, e => e.Image?.ToModel());
    }

    public async Task<HetznerResult<bool>> DeleteImageAsync(string token, long imageId, CancellationToken cancellationToken)
    {
        var trace = new HetznerCallTrace();
        var answer = await SendAsync(Http, HttpMethod.Delete, $"images/{imageId}", token, null, trace, cancellationToken).ConfigureAwait(false);
        return answer.Error switch
        {
            null => HetznerResult<bool>.Ok(true),
            // An earlier attempt that got no answer (or a 5xx) may have deleted it: gone is what the caller asked for.
            { Code: HetznerError.NotFound } when trace.Attempts > 1 && trace.HadAmbiguousAttempt => HetznerResult<bool>.Ok(true),
            { } error => HetznerResult<bool>.Fail(error),
        };
    }

    public async Task<HetznerResult<HetznerAction>> ChangeImageProtectionAsync(
        string token, long imageId, bool delete, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(
            Http, HttpMethod.Post, $"images/{imageId}/actions/change_protection", token, new ChangeProtectionRequest(delete), null, cancellationToken)
            .ConfigureAwait(false);
        return Read<ActionEnvelope, HetznerAction>(answer, e => e.Action?.ToModel());
    }

    private async Task<HetznerResult<HetznerAction>> GetActionAsync(string token, long actionId, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(Http, HttpMethod.Get, $"actions/{actionId}", token, null, null, cancellationToken).ConfigureAwait(false);
        return Read<ActionEnvelope, HetznerAction>(answer, e => e.Action?.ToModel());
    }

    public async Task<HetznerResult<HetznerAction>> WaitForActionAsync(
        string token, long actionId, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var interval = _resilience.ActionPollInterval;
        for (var poll = 1; ; poll++)
        {
            // The action was just started (or is known to run): asking at once would only cost budget.
            await Task.Delay(interval, _timeProvider, cancellationToken).ConfigureAwait(false);
            var result = await GetActionAsync(token, actionId, cancellationToken).ConfigureAwait(false);
            if (result.Value is not { } action)
            {
                return result;
            }

            progress?.Report(action.Progress);
            if (!action.IsRunning)
            {
                return action.Error is not null || action.Status != "success"
                    ? HetznerResult<HetznerAction>.Fail(action.Error ?? new HetznerError(HetznerError.ActionFailed, $"The action ended with status {action.Status}.", 200))
                    : result;
            }

            if (poll >= _resilience.ActionPollFastCount)
            {
                var grown = TimeSpan.FromTicks((long)(interval.Ticks * _resilience.ActionPollBackoffFactor));
                interval = grown < _resilience.ActionPollMaxInterval ? grown : _resilience.ActionPollMaxInterval;
            }
        }
    }

    public async Task<HetznerResult<HetznerAction>> ChangeServerBackupsAsync(
        string token, long serverId, bool enable, CancellationToken cancellationToken)
    {
        // hcloud-go sends an empty object; the API takes no fields since the backup window is Hetzner's to choose.
        var answer = await SendAsync(
            Http, HttpMethod.Post, $"servers/{serverId}/actions/{(enable ? "enable_backup" : "disable_backup")}", token, new Dictionary<string, string>(), null, cancellationToken)
            .ConfigureAwait(false);
        return Read<ActionEnvelope, HetznerAction>(answer, e => e.Action?.ToModel());
    }

    public async Task<HetznerResult<IReadOnlyList<HetznerImage>>> ListBackupsAsync(string token, long serverId, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(
            Http, HttpMethod.Get, $"images?type=backup&bound_to={serverId}&sort=created:desc&per_page={PageSize}", token, null, null, cancellationToken)
            .ConfigureAwait(false);
        return Read<ImageListEnvelope, IReadOnlyList<HetznerImage>>(answer, e => e.Images?.Select(i => i.ToModel()).ToList());
    }

    public async Task<HetznerResult<HetznerPricing>> GetPricingAsync(string token, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(Http, HttpMethod.Get, "pricing", token, null, null, cancellationToken).ConfigureAwait(false);
        return Read<PricingEnvelope, HetznerPricing>(answer, e => e.Pricing is { Currency: { } currency } pricing
            ? new HetznerPricing(
                currency,
                Amount(pricing.Image?.PricePerGbMonth?.Gross),
                Amount(pricing.ServerBackup?.Percentage),
                (pricing.ServerTypes ?? [])
                    .Where(t => t.Name is not null)
                    .GroupBy(t => t.Name!, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => ServerPrices(g.First()), StringComparer.Ordinal))
            : null);
    }

    /// <summary>A type's gross monthly price per location; a location without a readable price is left out.</summary>
    private static IReadOnlyDictionary<string, decimal> ServerPrices(ServerTypePricingDto type)
    {
        var prices = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var price in type.Prices ?? [])
        {
            if (price.Location is { } location && Amount(price.PriceMonthly?.Gross) is { } gross)
            {
                prices.TryAdd(location, gross);
            }
        }

        return prices;
    }

    /// <summary>The API writes amounts as strings ("4.5101").</summary>
    private static decimal? Amount(string? text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>One logical request: waits for the project's rate-limit budget, then sends it with the token on the request.</summary>
    private async Task<Answer> SendAsync(
        HttpClient client, HttpMethod method, string path, string token, object? body, HetznerCallTrace? trace, CancellationToken cancellationToken)
    {
        if (!IsSendableToken(token))
        {
            // Never let HttpClient reject it: its FormatException would quote the header value, token included.
            return new Answer(0, "", new HetznerError(HetznerError.InvalidToken, "The API token is empty or contains characters a token cannot have.", 0));
        }

        var wait = _gate.DelayBeforeSend(HetznerRateLimitGate.KeyFor(token));
        if (wait > _resilience.RateLimitMaxWait)
        {
            return new Answer(429, "", new HetznerError(
                HetznerError.RateLimitExceeded, $"The hourly request budget is spent; it is refilled in {wait.TotalMinutes:0} minutes.", 429));
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
        }

        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: HetznerWire.Json);
        }

        if (trace is not null)
        {
            request.Options.Set(HetznerCallTrace.Key, trace);
        }

        try
        {
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return new Answer(status, text, response.IsSuccessStatusCode ? null : ErrorFrom(status, text));
        }
        catch (Exception ex) when (IsNoAnswer(ex, cancellationToken))
        {
            return new Answer(0, "", NoAnswer(ex, "the Hetzner API"));
        }
    }

    private static HetznerResult<TModel> Read<TEnvelope, TModel>(Answer answer, Func<TEnvelope, TModel?> map)
        where TModel : class
    {
        if (answer.Error is { } error)
        {
            return HetznerResult<TModel>.Fail(error);
        }

        try
        {
            if (JsonSerializer.Deserialize<TEnvelope>(answer.Body, HetznerWire.Json) is { } envelope && map(envelope) is { } model)
            {
                return HetznerResult<TModel>.Ok(model);
            }
        }
        catch (JsonException)
        {
            // Falls through to the same error as an answer without the expected fields.
        }

        return HetznerResult<TModel>.Fail(new HetznerError(
            HetznerError.InvalidResponse, $"Hetzner answered {answer.Status} without the expected {typeof(TEnvelope).Name.Replace("Envelope", "", StringComparison.Ordinal)} data.", answer.Status));
    }

    /// <summary>The API's error envelope, or for a body without one (a proxy's plain 502, ...) the code its status stands for.</summary>
    private static HetznerError ErrorFrom(int status, string body)
    {
        ErrorDto? dto = null;
        try
        {
            dto = JsonSerializer.Deserialize<ErrorEnvelope>(body, HetznerWire.Json)?.Error;
        }
        catch (JsonException)
        {
            // A plain-text body: only the status says what happened.
        }

        if (dto is { Code: { Length: > 0 } code })
        {
            return new HetznerError(code, dto.Message ?? "", status, dto.Details?.Fields?.Select(f => f.Name ?? "").ToList());
        }

        var derived = status switch
        {
            401 => HetznerError.Unauthorized,
            403 => HetznerError.Forbidden,
            404 => HetznerError.NotFound,
            409 => HetznerError.Conflict,
            423 => HetznerError.Locked,
            429 => HetznerError.RateLimitExceeded,
            500 => HetznerError.ServerError,
            502 => HetznerError.BadGateway,
            503 => HetznerError.Unavailable,
            504 => HetznerError.Timeout,
            _ => HetznerError.UnknownError,
        };
        return new HetznerError(derived, $"HTTP {status} without an API error body.", status);
    }

    private static bool IsNoAnswer(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or TimeoutRejectedException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static HetznerError NoAnswer(Exception ex, string what) => new(
        HetznerError.NetworkError,
        ex is HttpRequestException ? $"No answer from {what}: {ex.Message}" : $"No answer from {what} in time.",
        0);

    private static bool IsSendableToken(string? token) =>
        !string.IsNullOrEmpty(token) && token.Length <= 512 && token.All(c => c is > ' ' and <= '~');

    /// <summary>A request's outcome: status 0 and <see cref="HetznerError.NetworkError"/> when no answer came.</summary>
    private readonly record struct Answer(int Status, string Body, HetznerError? Error);

    private sealed record CreateAttempt(HetznerResult<CreatedSnapshot> Result, bool TryAgain);
}
