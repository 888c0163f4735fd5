namespace Panel.Modules.Hetzner.Integration;

/// <summary>
/// A read of Hetzner data that changes a few times a year, kept for <see cref="Lifetime"/> per project (by a hash of
/// the token, never the token: a new token may belong to a project that sees other types or prices). A failed read is
/// not kept, so the next caller asks again.
/// </summary>
/// <typeparam name="T">What is read.</typeparam>
internal abstract class ProjectCache<T>(TimeProvider timeProvider)
    where T : class
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly Lock _gate = new();
    private (string Project, T Value, DateTimeOffset ReadAt)? _cached;

    public async Task<HetznerResult<T>> GetAsync(IHetznerApi api, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var project = HetznerRateLimitGate.KeyFor(token);
        lock (_gate)
        {
            if (_cached is { } cached && cached.Project == project && timeProvider.GetUtcNow() - cached.ReadAt < Lifetime)
            {
                return HetznerResult<T>.Ok(cached.Value);
            }
        }

        var read = await ReadAsync(api, token, cancellationToken);
        if (read.Value is { } value)
        {
            lock (_gate)
            {
                _cached = (project, value, timeProvider.GetUtcNow());
            }
        }

        return read;
    }

    protected abstract Task<HetznerResult<T>> ReadAsync(IHetznerApi api, string token, CancellationToken cancellationToken);
}

/// <summary>The one copy of Hetzner's price list: the mirror's snapshot price, the Backups reading and the restore
/// choices all read <c>/pricing</c> through it, so a daily pass and a restore form in between cost one request.</summary>
internal sealed class PricingCache(TimeProvider timeProvider) : ProjectCache<HetznerPricing>(timeProvider)
{
    protected override Task<HetznerResult<HetznerPricing>> ReadAsync(IHetznerApi api, string token, CancellationToken cancellationToken) =>
        api.GetPricingAsync(token, cancellationToken);
}
