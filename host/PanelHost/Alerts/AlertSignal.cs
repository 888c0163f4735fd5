namespace PanelHost.Alerts;

/// <summary>Wakes the delivery worker when an alert is queued, so that it need not poll.</summary>
internal sealed class AlertSignal
{
    private TaskCompletionSource _signal = NewSource();

    public void Notify() => Volatile.Read(ref _signal).TrySetResult();

    /// <summary>Returns on a signal (also one given since the last wait) or when <paramref name="timeout"/> has passed.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var source = Volatile.Read(ref _signal);
        var signalled = source.Task;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, time, stop.Token);
        await Task.WhenAny(signalled, delay).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (signalled.IsCompleted)
        {
            // Replaced before the worker looks at the queue: a signal given during that pass wakes the next wait.
            Interlocked.CompareExchange(ref _signal, NewSource(), source);
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
