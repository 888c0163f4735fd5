using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PanelModule1.Data;

namespace PanelModule1;

/// <summary>What the background worker has done, for the status endpoint.</summary>
internal sealed class WorkerStatus
{
    private int _rounds;

    public DateTimeOffset? StartedAt { get; set; }

    public int Rounds => _rounds;

    public void CountRound() => Interlocked.Increment(ref _rounds);
}

/// <summary>
/// A hosted service: the panel starts it after the module's initialisation (so the database exists) and stops it with
/// the panel. It counts the notes once a minute; replace the round with the module's own work.
/// </summary>
internal sealed partial class NotesWorker(IServiceScopeFactory scopes, WorkerStatus status, TimeProvider clock, ILogger<NotesWorker> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        status.StartedAt = clock.GetUtcNow();
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            var count = await scope.ServiceProvider.GetRequiredService<NotesDbContext>().Notes.CountAsync(stoppingToken);
            status.CountRound();
            LogRound(log, count);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Count} notes stored")]
    private static partial void LogRound(ILogger logger, int count);
}
