namespace PanelHost.Services;

/// <summary>
/// The one gate of the panel's start-up. The panel listens before its data is ready (ADR-0009); the gate opens in
/// two stages of one preparation (<see cref="Startup.StartupPreparation"/>):
/// <list type="number">
/// <item>host data: the host's tables exist. Modules initialise while the host migrates its own database, so host
/// services that write there (audit log, notifications) wait for this stage instead of failing on a missing table;</item>
/// <item>ready: bootstrap provisioning has run and every module's <c>InitializeAsync</c> has returned (or failed, which
/// takes the module out). <see cref="ReadinessGateMiddleware"/> holds every request that needs data until then.</item>
/// </list>
/// </summary>
internal sealed class StartupGate
{
    private readonly TaskCompletionSource _hostData = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the panel is ready (the second stage).</summary>
    public Task Task => _ready.Task;

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    public Task WaitAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    public Task WaitForHostDataAsync(CancellationToken cancellationToken) => _hostData.Task.WaitAsync(cancellationToken);

    public void OpenHostData() => _hostData.TrySetResult();

    /// <summary>The host's tables cannot be used; the whole preparation fails with it (see <see cref="Fail"/>).</summary>
    public void FailHostData(Exception exception) => _hostData.TrySetException(exception);

    public void Complete()
    {
        _hostData.TrySetResult();
        _ready.TrySetResult();
    }

    public void Fail(Exception exception)
    {
        _hostData.TrySetException(exception);
        _ready.TrySetException(exception);
    }
}
