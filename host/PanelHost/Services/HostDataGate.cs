namespace PanelHost.Services;

/// <summary>
/// Opens once the host's tables exist. Modules initialise while the host migrates its own database, so host services
/// that write there (audit log, notifications) wait for the gate instead of failing on a missing table.
/// </summary>
internal sealed class HostDataGate
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task WaitAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    public void Open() => _ready.TrySetResult();

    public void Fail(Exception exception) => _ready.TrySetException(exception);
}
