using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Panel.Contracts;
using Panel.Modules.Hetzner.Common;

namespace Panel.Modules.Hetzner.Features.ApplyPreset;

/// <summary>
/// Applies a provider's preset once the module runs. A preset Hetzner refuses, or one that breaks a rule, is named in
/// one Critical log line (and a notification) per key and not retried until the next start; when Hetzner or the
/// metadata service cannot be reached (a server image's first boot) it is retried with a growing pause.
/// </summary>
internal sealed partial class PresetWorker(
    IOptions<PresetOptions> preset,
    IServiceScopeFactory scopes,
    IAdminNotifier notifier,
    TimeProvider timeProvider,
    ILogger<PresetWorker> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromMinutes(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var (command, errors) = PresetSettings.Read(preset);
        if (errors.Count > 0)
        {
            await RefuseAsync(errors, stoppingToken);
            return;
        }

        if (command is null)
        {
            return;
        }

        var pause = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var outcome = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, stoppingToken);
                if (outcome == PresetOutcome.Applied)
                {
                    LogApplied(logger, PresetSettings.Section);
                }

                return;
            }
            catch (ValidationException ex)
            {
                await RefuseAsync(ex.Errors.SelectMany(e => e.Value.Select(message => $"{PresetSettings.KeyOf(e.Key)}: {message}")).ToList(), stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRetry(logger, PresetSettings.Section, pause, ex.Message);
            }

            try
            {
                await Task.Delay(pause, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            pause = pause * 2 > LongestRetry ? LongestRetry : pause * 2;
        }
    }

    private async Task RefuseAsync(IReadOnlyList<string> errors, CancellationToken cancellationToken)
    {
        foreach (var error in errors)
        {
            LogRefused(logger, error);
        }

        await notifier.RaiseAsync(
            new AdminNotification(HetznerModule.Id, NotificationSeverity.Critical, "The preset Hetzner settings were not applied",
                string.Join(" ", errors) + " Fix the configuration and restart the panel, or save the settings on the Settings tab."),
            cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The Hetzner settings preset in {Section} were applied.")]
    private static partial void LogApplied(ILogger logger, string section);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Preset not applied: {Error}")]
    private static partial void LogRefused(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Hetzner settings preset in {Section} could not be applied yet ({Reason}); trying again in {Pause}.")]
    private static partial void LogRetry(ILogger logger, string section, TimeSpan pause, string reason);
}
