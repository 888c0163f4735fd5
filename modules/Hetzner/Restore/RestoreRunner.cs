using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Panel.Contracts;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Features.GetSnapshotOperation;
using Panel.Modules.Hetzner.Integration;
using Panel.Modules.Hetzner.Snapshots.Secrets;

namespace Panel.Modules.Hetzner.Restore;

/// <summary>What a restore works with: the token to follow it with and what it restores.</summary>
internal sealed record RestoreWork(
    string Token, long SnapshotId, string SnapshotDescription, long ServerId, string ServerName, string ServerType, string Location)
{
    public static RestoreWork From(RestoreOperationRecord record, string token)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(token, record.SnapshotId, record.SnapshotDescription, record.ServerId, record.ServerName, record.ServerType, record.Location);
    }
}

/// <summary>
/// Follows restores in the background, so that the request returns at once and the page shows progress: a new server
/// until it runs (create_server, then start_server), a rebuild after its optional fresh snapshot. Every step is
/// recorded (<see cref="RestoreOperations"/>) before the next, and each outcome is audited once. After a restart
/// <see cref="ResumeAsync"/> follows sent actions again; a rebuild that had not been sent is never sent then.
/// Stops with the process (the container disposes it).
/// </summary>
internal sealed partial class RestoreRunner(
    IServiceScopeFactory scopes,
    RestoreOperations operations,
    TimeProvider timeProvider,
    ILogger<RestoreRunner> logger) : IDisposable
{
    private const string Creating = "Hetzner is creating the server.";
    private const string Starting = "Hetzner is starting the server.";
    private const string Rebuilding = "Hetzner is rebuilding the server.";

    private static readonly TimeSpan SnapshotPollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ServerPollInterval = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _stopping = new();

    /// <summary>A server Hetzner is making; <paramref name="created"/> carries its actions (none when it was found again by name).</summary>
    public async Task<RestoreOperationView> StartCreateAsync(RestoreWork work, CreatedHetznerServer created, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(created);
        var actions = new[] { created.Action }.Concat(created.NextActions).OfType<HetznerAction>().Select(a => a.Id);
        var operation = await operations.AddAsync(
            New(work, RestoreKind.CreateServer, RestoreStatus.Running, Creating, created.Server.Id, created.Server.Name, actions, null), cancellationToken);
        Run(operation.Id, work, ct => WatchCreateAsync(operation.Id, work, ct));
        return operation;
    }

    /// <summary>A rebuild: either already accepted (<paramref name="rebuild"/>) or to be sent once the fresh snapshot
    /// run <paramref name="freshSnapshotRunId"/> succeeded.</summary>
    public async Task<RestoreOperationView> StartRebuildAsync(RestoreWork work, HetznerAction? rebuild, long? freshSnapshotRunId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var operation = await operations.AddAsync(
            New(work, RestoreKind.Rebuild, rebuild is null ? RestoreStatus.Pending : RestoreStatus.Running,
                rebuild is null ? "Taking a fresh snapshot first." : Rebuilding, work.ServerId, work.ServerName,
                rebuild is null ? [] : [rebuild.Id], freshSnapshotRunId),
            cancellationToken);
        Run(operation.Id, work, ct => WatchRebuildAsync(operation.Id, work, ct));
        return operation;
    }

    /// <summary>
    /// Takes up what the previous process left unfinished: a restore whose action Hetzner accepted is followed again
    /// from its id (a server found by name, by its status). A rebuild still waiting for its fresh snapshot is NOT sent:
    /// replacing the server's disk needs the admin present, so it ends as interrupted, audited, with nothing sent.
    /// </summary>
    public async Task ResumeAsync(CancellationToken cancellationToken)
    {
        var unfinished = await operations.UnfinishedAsync(cancellationToken);
        if (unfinished.Count == 0)
        {
            return;
        }

        HetznerConnection? connection;
        string missing;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var connections = scope.ServiceProvider.GetRequiredService<ConnectionReader>();
            connection = await connections.GetAsync(cancellationToken);
            missing = connection is null ? await connections.MissingMessageAsync(cancellationToken) : "";
        }

        foreach (var record in unfinished)
        {
            var work = RestoreWork.From(record, connection?.Token ?? "");
            if (record.Kind == RestoreKind.Rebuild && record.ActionIdList.Count == 0)
            {
                await EndUnsentRebuildAsync(record, work);
            }
            else if (connection is null)
            {
                await FinishFailedAsync(record.Id, work, $"The panel restarted and cannot follow this restore any more: {missing}");
            }
            else
            {
                LogResumed(logger, record.Id, record.Kind);
                Run(record.Id, work, ct => record.Kind == RestoreKind.CreateServer ? WatchCreateAsync(record.Id, work, ct) : WatchRebuildAsync(record.Id, work, ct));
            }
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private RestoreOperationRecord New(
        RestoreWork work, RestoreKind kind, RestoreStatus status, string step, long serverId, string serverName, IEnumerable<long> actions, long? freshSnapshotRunId) => new()
    {
        Kind = kind,
        Status = status,
        Step = step,
        SnapshotId = work.SnapshotId,
        SnapshotDescription = work.SnapshotDescription,
        ServerId = serverId,
        ServerName = serverName,
        ServerType = work.ServerType,
        Location = work.Location,
        ActionIds = RestoreOperationRecord.JoinActionIds(actions),
        FreshSnapshotRunId = freshSnapshotRunId,
        StartedAt = timeProvider.GetUtcNow(),
    };

    private async Task EndUnsentRebuildAsync(RestoreOperationRecord record, RestoreWork work)
    {
        if (record.SendingAt is not null)
        {
            // Stopped between "sending" and Hetzner's answer: the request may have got through. Only the admin can tell.
            await FinishFailedAsync(record.Id, work,
                $"The panel stopped while it was asking Hetzner to rebuild server {work.ServerName} ({work.ServerId}), so it cannot tell whether Hetzner received the request. Check the server in the Hetzner Console before you try again.");
            return;
        }

        var reason = $"Interrupted: the panel restarted while this rebuild waited for its fresh snapshot. Nothing was sent to Hetzner; server {work.ServerName} ({work.ServerId}) is unchanged. Start the rebuild again if you still want it.";
        if (await operations.FinishAsync(record.Id, RestoreStatus.Interrupted, reason, reason, timeProvider.GetUtcNow(), CancellationToken.None) is not null)
        {
            await AuditAsync(AuditCodes.ServerRebuildInterrupted,
                $"Rebuild of server {work.ServerName} ({work.ServerId}) from snapshot \"{work.SnapshotDescription}\" ({work.SnapshotId}) interrupted by a restart before it was sent; nothing was sent, the server is unchanged.");
        }
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
                    if (await operations.FinishAsync(operationId, RestoreStatus.Succeeded, outcome, null, timeProvider.GetUtcNow(), CancellationToken.None) is { } done)
                    {
                        await AuditAsync(done.Kind == RestoreKind.CreateServer ? AuditCodes.ServerCreate : AuditCodes.ServerRebuild, outcome);
                    }
                }
                catch (Exception) when (token.IsCancellationRequested)
                {
                    // The process is stopping (whatever that broke on the way out); the operation stays recorded as it
                    // is, and the next start takes it up.
                }
                catch (RestoreFailedException ex)
                {
                    await FinishFailedAsync(operationId, work, ex.Message);
                }
#pragma warning disable CA1031 // A background watch must end in a recorded failure, whatever went wrong.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    LogWatchFailed(logger, ex, operationId);
                    await FinishFailedAsync(operationId, work, $"The panel stopped following this restore after an unexpected error ({ex.GetType().Name}); check the server in the Hetzner Console.");
                }
            },
            CancellationToken.None);
    }

    private async Task FinishFailedAsync(long operationId, RestoreWork work, string reason)
    {
        if (await operations.FinishAsync(operationId, RestoreStatus.Failed, reason, reason, timeProvider.GetUtcNow(), CancellationToken.None) is not { } failed)
        {
            return;
        }

        await AuditAsync(
            failed.Kind == RestoreKind.CreateServer ? AuditCodes.ServerCreateFailed : AuditCodes.ServerRebuildFailed,
            $"{(failed.Kind == RestoreKind.CreateServer ? $"Server \"{work.ServerName}\"" : $"Rebuild of server {work.ServerName} ({work.ServerId})")} from snapshot \"{work.SnapshotDescription}\" ({work.SnapshotId}) failed: {reason}");
    }

    private async Task<string> WatchCreateAsync(long operationId, RestoreWork work, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var api = scope.ServiceProvider.GetRequiredService<IHetznerApi>();
        var actions = (await operations.ReadAsync(operationId, cancellationToken))!.ActionIdList;
        for (var i = 0; i < actions.Count; i++)
        {
            var share = 100 / actions.Count;
            var offset = share * i;
            // Hetzner answers a create with create_server and, as next action, start_server.
            var step = i == 0 ? Creating : Starting;
            await operations.UpdateAsync(operationId, o => o.Step = step, cancellationToken);
            var finished = await api.WaitForActionAsync(
                work.Token, actions[i], new Progress(operations, operationId, offset, share), cancellationToken);
            if (!finished.IsSuccess)
            {
                throw new RestoreFailedException(RestoreRefusals.Sentence(finished.Error!, work.ServerType, work.Location, work.ServerName));
            }
        }

        // Found again by name after an ambiguous answer, its actions are unknown: its status tells when it runs.
        while (true)
        {
            var server = await api.GetServerAsync(work.Token, work.ServerId, cancellationToken);
            if (server.Value is { Status: "running" } running)
            {
                await operations.UpdateAsync(operationId, o => (o.ServerName, o.Ipv4) = (running.Name, running.PublicIpv4), cancellationToken);
                return $"Server \"{running.Name}\" ({running.Id}) runs at {running.PublicIpv4 ?? "no public IPv4"}, made from snapshot \"{work.SnapshotDescription}\" ({work.SnapshotId}) as {work.ServerType} in {work.Location}.";
            }

            if (server.Value is { Status: "off" })
            {
                throw new RestoreFailedException($"Hetzner made server \"{work.ServerName}\" ({work.ServerId}) but it is off; start it in the Hetzner Console.");
            }

            if (!server.IsSuccess && server.Error!.Code == HetznerError.NotFound)
            {
                throw new RestoreFailedException($"Server {work.ServerId} no longer exists at Hetzner.");
            }

            await Task.Delay(ServerPollInterval, timeProvider, cancellationToken);
        }
    }

    private async Task<string> WatchRebuildAsync(long operationId, RestoreWork work, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var api = scope.ServiceProvider.GetRequiredService<IHetznerApi>();
        var record = (await operations.ReadAsync(operationId, cancellationToken))!;
        var share = record.FreshSnapshotRunId is null ? 0 : 50;
        var freshNote = "";
        long rebuildId;
        if (record.ActionIdList is [var sent, ..])
        {
            rebuildId = sent;
        }
        else
        {
            var fresh = await WaitForSnapshotRunAsync(operationId, record.FreshSnapshotRunId!.Value, cancellationToken);
            if (fresh.Status != RunStatus.Succeeded)
            {
                throw new RestoreFailedException($"The fresh snapshot failed, so the server was not rebuilt: {fresh.Error}");
            }

            freshNote = $" The fresh snapshot \"{fresh.Description}\" ({fresh.ImageId}) keeps the state before the rebuild.";
            // Recorded and audited before it is sent: a restart in between must not claim that nothing was sent, and the
            // trail shows the attempt even if nothing answers.
            await operations.UpdateAsync(operationId, o => o.SendingAt = timeProvider.GetUtcNow(), cancellationToken);
            await AuditAsync(AuditCodes.ServerRebuildSend, $"Fresh snapshot \"{fresh.Description}\" is available; asking Hetzner to rebuild server {work.ServerName} ({work.ServerId}) from snapshot \"{work.SnapshotDescription}\" ({work.SnapshotId}).");
            var answer = await api.RebuildServerAsync(work.Token, work.ServerId, work.SnapshotId, cancellationToken);
            if (answer.Value is not { } accepted)
            {
                throw new RestoreFailedException(RestoreRefusals.Sentence(answer.Error!, work.ServerType, work.Location, work.ServerName));
            }

            rebuildId = accepted.Id;
        }

        await operations.UpdateAsync(
            operationId,
            o => (o.Status, o.Step, o.Progress, o.ActionIds) = (RestoreStatus.Running, Rebuilding, Math.Max(o.Progress, share), RestoreOperationRecord.JoinActionIds([rebuildId])),
            cancellationToken);
        var done = await api.WaitForActionAsync(work.Token, rebuildId, new Progress(operations, operationId, share, 100 - share), cancellationToken);
        if (!done.IsSuccess)
        {
            throw new RestoreFailedException(RestoreRefusals.Sentence(done.Error!, work.ServerType, work.Location, work.ServerName));
        }

        var server = await api.GetServerAsync(work.Token, work.ServerId, cancellationToken);
        await operations.UpdateAsync(operationId, o => o.Ipv4 = server.Value?.PublicIpv4, cancellationToken);
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

            operations.Report(operationId, run.Progress / 2);
            await Task.Delay(SnapshotPollInterval, timeProvider, cancellationToken);
        }
    }

    private async Task AuditAsync(string code, string text)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IAuditLog>().WriteAsync(new AuditEvent(HetznerModule.Id, code, text), CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Restore operation {OperationId} ({Kind}) was under way before the restart; following its action again.")]
    private static partial void LogResumed(ILogger logger, long operationId, RestoreKind kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "Restore operation {OperationId} failed unexpectedly.")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception, long operationId);

    /// <summary>Hetzner's progress of one step, mapped onto the operation's 0-100.</summary>
    private sealed class Progress(RestoreOperations operations, long operationId, int offset, int share) : IProgress<int>
    {
        public void Report(int value) => operations.Report(operationId, offset + (value * share / 100));
    }

    private sealed class RestoreFailedException(string message) : Exception(message);
}
