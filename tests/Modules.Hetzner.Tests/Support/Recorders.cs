using System.Collections.Concurrent;
using Panel.Contracts;

namespace Modules.Hetzner.Tests.Support;

/// <summary>The host's audit log, recording what the module writes.</summary>
internal sealed class RecordingAuditLog : IAuditLog
{
    private readonly ConcurrentQueue<AuditEvent> _events = new();

    public IReadOnlyList<AuditEvent> Events => [.. _events];

    public Task WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        _events.Enqueue(auditEvent);
        return Task.CompletedTask;
    }
}

/// <summary>The host's notification bell, recording what the module raises.</summary>
internal sealed class RecordingNotifier : IAdminNotifier
{
    private readonly ConcurrentQueue<AdminNotification> _notifications = new();

    public IReadOnlyList<AdminNotification> Notifications => [.. _notifications];

    public Task RaiseAsync(AdminNotification notification, CancellationToken cancellationToken = default)
    {
        _notifications.Enqueue(notification);
        return Task.CompletedTask;
    }
}
