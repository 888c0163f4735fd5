namespace PanelHost.Services;

/// <summary>
/// Completes once the host's database is migrated, bootstrap provisioning has run and every module's
/// <c>InitializeAsync</c> has returned (or failed, which takes the module out). The panel listens before that; the
/// <see cref="ReadinessGateMiddleware"/> holds every request that needs data until it completes.
/// </summary>
internal sealed class StartupReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Task => _ready.Task;

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    public Task WaitAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    public void Complete() => _ready.TrySetResult();

    public void Fail(Exception exception) => _ready.TrySetException(exception);
}
