namespace PanelHost.Plugins;

/// <summary>
/// Holds what the module catalog logs before the host's logging exists (modules are loaded before the container is
/// built) and writes it through the host's own logger once it does. A second logger factory just for those few lines
/// cost about 30 ms of every start. Written by hand: the framework's log buffering needs a built logging pipeline.
/// </summary>
internal sealed class StartupLog : ILogger
{
    private readonly List<Action<ILogger>> _entries = [];
    private readonly Lock _sync = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_sync)
        {
            _entries.Add(logger => logger.Log(logLevel, eventId, state, exception, formatter));
        }
    }

    /// <summary>Writes the held entries, in order, through <paramref name="logger"/>, which takes over.</summary>
    public void Replay(ILogger logger)
    {
        lock (_sync)
        {
            foreach (var entry in _entries)
            {
                entry(logger);
            }

            _entries.Clear();
        }
    }
}
