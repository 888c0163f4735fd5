using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Panel.Modules.Hetzner.Restore;

/// <summary>Once the module is ready, takes up the restores the previous process left unfinished
/// (<see cref="RestoreRunner.ResumeAsync"/>).</summary>
internal sealed partial class RestoreResumer(RestoreRunner runner, ILogger<RestoreResumer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await runner.ResumeAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Left as they are: the next start tries again, and the page still shows where each stood.
            LogResumeFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The restores left unfinished by the previous start could not be taken up.")]
    private static partial void LogResumeFailed(ILogger logger, Exception exception);
}
