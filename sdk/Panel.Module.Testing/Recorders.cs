using System.Collections.Concurrent;
using Panel.Contracts;

namespace Panel.Module.Testing;

/// <summary>The panel's audit log as the module sees it, keeping every event for the test to read.</summary>
public sealed class RecordingAuditLog : IAuditLog
{
    private readonly ConcurrentQueue<AuditEvent> _events = new();

    /// <summary>The events, oldest first.</summary>
    public IReadOnlyList<AuditEvent> Events => [.. _events];

    /// <inheritdoc />
    public Task WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        _events.Enqueue(auditEvent);
        return Task.CompletedTask;
    }
}

/// <summary>The panel's notifications as the module sees them, keeping every one for the test to read.</summary>
public sealed class RecordingNotifier : IAdminNotifier
{
    private readonly ConcurrentQueue<AdminNotification> _raised = new();

    /// <summary>The notifications, oldest first.</summary>
    public IReadOnlyList<AdminNotification> Raised => [.. _raised];

    /// <inheritdoc />
    public Task RaiseAsync(AdminNotification notification, CancellationToken cancellationToken = default)
    {
        _raised.Enqueue(notification);
        return Task.CompletedTask;
    }
}
