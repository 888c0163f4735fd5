using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Panel.Contracts;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Features.GetSnapshotOperation;
using Panel.Modules.Hetzner.Integration;

namespace Panel.Modules.Hetzner.Restore;

/// <summary>What a restore waits for once Hetzner accepted it (or, for a rebuild after a fresh snapshot, before it asks).</summary>
internal sealed record RestoreWork(
    string Token, long SnapshotId, string SnapshotDescription, long ServerId, string ServerName, string ServerType, string Location);

/// <summary>
/// Follows restores in the background, so that the request returns at once and the page shows progress: a new server
/// until it runs (create_server, then start_server), a rebuild after its optional fresh snapshot. Each outcome is
/// audited. Stops with the process (the container disposes it).
/// </summary>
internal sealed partial class RestoreRunner(
    IServiceScopeFactory scopes,
    RestoreOperations operations,
    TimeProvider timeProvider,
    ILogger<RestoreRunner> logger) : IDisposable
{
    private static readonly TimeSpan SnapshotPollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ServerPollInterval = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _stopping = new();

    /// <summary>A server Hetzner is making; <paramref name="created"/> carries its actions (none when it was found again by name).</summary>
    public RestoreOperationView StartCreate(RestoreWork work, CreatedHetznerServer created)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(created);
        var operation = operations.Add(id => new RestoreOperationView(
            id, RestoreKind.CreateServer, RestoreStatus.Running, "Hetzner is creating the server.", 0, work.SnapshotId, work.SnapshotDescription,
            created.Server.Id, created.Server.Name, null, null, null));
        Run(operation.Id, work, ct => WatchCreateAsync(operation.Id, work, created, ct));
        return operation;
    }

    /// <summary>A rebuild: either already accepted (<paramref name="rebuild"/>) or to be sent once the fresh snapshot
    /// run <paramref name="freshSnapshotRunId"/> succeeded.</summary>
    public RestoreOperationView StartRebuild(RestoreWork work, HetznerAction? rebuild, long? freshSnapshotRunId)
    {
        ArgumentNullException.ThrowIfNull(work);
        var operation = operations.Add(id => new RestoreOperationView(
            id, RestoreKind.Rebuild, rebuild is null ? RestoreStatus.Pending : RestoreStatus.Running,
            rebuild is null ? "Taking a fresh snapshot first." : "Hetzner is rebuilding the server.", 0, work.SnapshotId, work.SnapshotDescription,
            work.ServerId, work.ServerName, null, freshSnapshotRunId, null));
        Run(operation.Id, work, ct => WatchRebuildAsync(operation.Id, work, rebuild, freshSnapshotRunId, ct));
        return operation;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private void Run(long operationId, RestoreWork work, Func<CancellationToken, Task<string>> watch)
    {
        var token = _stopping.Token;
        _ = Task.Run(
            async () =>
            {
                try
                {
                    var outcome = await watch(token);
                    var done = operations.Update(operationId, o => o with { Status = RestoreStatus.Succeeded, Progress = 100, Step = outcome });
                    await AuditAsync(done.Kind == RestoreKind.CreateServer ? AuditCodes.ServerCreate : AuditCodes.ServerRebuild, outcome);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    // The process is stopping; the operation dies with it.
                }
                catch (RestoreFailedException ex)
                {
                    await FailAsync(operationId, ex.Message);
                }
#pragma warning disable CA1031 // A background watch must end in a recorded failure, whatever went wrong.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    LogWatchFailed(logger, ex, operationId);
                    await FailAsync(operationId, $"The panel stopped following this restore after an unexpected error ({ex.GetType().Name}); check the server in the Hetzner Console.");
                }
            },
            CancellationToken.None);

        async Task FailAsync(long id, string reason)
        {
            var failed = operations.Update(id, o => o with { Status = RestoreStatus.Failed, Error = reason, Step = reason });
            await AuditAsync(
                failed.Kind == RestoreKind.CreateServer ? AuditCodes.ServerCreateFailed : AuditCodes.ServerRebuildFailed,
                $"{(failed.Kind == RestoreKind.CreateServer ? $"Server \"{work.ServerName}\"" : $"Rebuild of server {work.ServerName} ({work.ServerId})")} from snapshot \"{work.SnapshotDescription}\" ({work.SnapshotId}) failed: {reason}");
        }
    }

    private async Task<string> WatchCreateAsync(long operationId, RestoreWork work, CreatedHetznerServer created, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var api = scope.ServiceProvider.GetRequiredService<IHetznerApi>();
        var actions = new List<HetznerAction?> { created.Action };
        actions.AddRange(created.NextActions);
        for (var i = 0; i < actions.Count; i++)
        {
            if (actions[i] is not { } action)
            {
                continue;
            }

            var share = 100 / actions.Count;
            var offset = share * i;
            operations.Update(operationId, o => o with { Step = action.Command == "start_server" ? "Hetzner is starting the server." : "Hetzner is creating the server." });
            var finished = await api.WaitForActionAsync(
                work.Token, action.Id, new Progress(operations, operationId, offset, share), cancellationToken);
            if (!finished.IsSuccess)
            {
                throw new RestoreFailedException(RestoreRefusals.Sentence(finished.Error!, work.ServerType, work.Location, work.ServerName));
            }
        }

        // Found again by name after an ambiguous answer, its actions are unknown: its status tells when it runs.
        while (true)
        {
            var server = await api.GetServerAsync(work.Token, created.Server.Id, cancellationToken);
            if (server.Value is { Status: "running" } running)
            {
                operations.Update(operationId, o => o with { ServerName = running.Name, Ipv4 = running.PublicIpv4 });
                return $"Server \"{running.Name}\" ({running.Id}) runs at {running.PublicIpv4 ?? "no public IPv4"}, made from snapshot \"{work.SnapshotDescription}\" ({work.SnapshotId}) as {work.ServerType} in {work.Location}.";
            }

            if (server.Value is { Status: "off" })
            {
                throw new RestoreFailedException($"Hetzner made server \"{created.Server.Name}\" ({created.Server.Id}) but it is off; start it in the Hetzner Console.");
            }

            if (!server.IsSuccess && server.Error!.Code == HetznerError.NotFound)
            {
                throw new RestoreFailedException($"Server {created.Server.Id} no longer exists at Hetzner.");
            }

            await Task.Delay(ServerPollInterval, timeProvider, cancellationToken);
        }
    }

    private async Task<string> WatchRebuildAsync(long operationId, RestoreWork work, HetznerAction? rebuild, long? freshSnapshotRunId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var api = scope.ServiceProvider.GetRequiredService<IHetznerApi>();
        var share = freshSnapshotRunId is null ? 0 : 50;
        var freshNote = "";
        if (freshSnapshotRunId is { } runId)
        {
            var fresh = await WaitForSnapshotRunAsync(operationId, runId, cancellationToken);
            if (fresh.Status != RunStatus.Succeeded)
            {
                throw new RestoreFailedException($"The fresh snapshot failed, so the server was not rebuilt: {fresh.Error}");
            }

            freshNote = $" The fresh snapshot \"{fresh.Description}\" ({fresh.ImageId}) keeps the state before the rebuild.";
            // Audited before it is sent, like the request itself: the trail shows the attempt even if nothing answers.
            await AuditAsync(AuditCodes.ServerRebuildSend, $"Fresh snapshot \"{fresh.Description}\" is available; asking Hetzner to rebuild server {work.ServerName} ({work.ServerId}) from snapshot \"{work.SnapshotDescription}\" ({work.SnapshotId}).");
            var sent = await api.RebuildServerAsync(work.Token, work.ServerId, work.SnapshotId, cancellationToken);
            if (sent.Value is not { } accepted)
            {
                throw new RestoreFailedException(RestoreRefusals.Sentence(sent.Error!, work.ServerType, work.Location, work.ServerName));
            }

            rebuild = accepted;
        }

        operations.Update(operationId, o => o with { Status = RestoreStatus.Running, Step = "Hetzner is rebuilding the server.", Progress = share });
        var done = await api.WaitForActionAsync(work.Token, rebuild!.Id, new Progress(operations, operationId, share, 100 - share), cancellationToken);
        if (!done.IsSuccess)
        {
            throw new RestoreFailedException(RestoreRefusals.Sentence(done.Error!, work.ServerType, work.Location, work.ServerName));
        }

        var server = await api.GetServerAsync(work.Token, work.ServerId, cancellationToken);
        operations.Update(operationId, o => o with { Ipv4 = server.Value?.PublicIpv4 });
        return $"Server {work.ServerName} ({work.ServerId}) was rebuilt from snapshot \"{work.SnapshotDescription}\" ({work.SnapshotId}).{freshNote}";
    }

    private async Task<SnapshotOperationView> WaitForSnapshotRunAsync(long operationId, long runId, CancellationToken cancellationToken)
    {
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var run = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetSnapshotOperationQuery(runId), cancellationToken);
            if (run.Finished)
            {
                return run;
            }

            operations.Update(operationId, o => o with { Progress = run.Progress / 2, Step = $"Taking a fresh snapshot first: {run.Progress}%." });
            await Task.Delay(SnapshotPollInterval, timeProvider, cancellationToken);
        }
    }

    private async Task AuditAsync(string code, string text)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IAuditLog>().WriteAsync(new AuditEvent(HetznerModule.Id, code, text), CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Restore operation {OperationId} failed unexpectedly.")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception, long operationId);

    /// <summary>Hetzner's progress of one step, mapped onto the operation's 0-100.</summary>
    private sealed class Progress(RestoreOperations operations, long operationId, int offset, int share) : IProgress<int>
    {
        public void Report(int value) =>
            operations.Update(operationId, o => o with { Progress = Math.Max(o.Progress, offset + (value * share / 100)) });
    }

    private sealed class RestoreFailedException(string message) : Exception(message);
}
