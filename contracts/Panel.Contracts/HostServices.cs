namespace Panel.Contracts;

/// <summary>Writes to the panel's audit log (the Events page). Resolve it from the container.</summary>
public interface IAuditLog
{
    /// <summary>Records an event. The acting user is taken from the current request, or "system" outside one.</summary>
    /// <param name="auditEvent">The event. Never put a secret in it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);
}

/// <summary>An audit event.</summary>
/// <param name="Module">The module id that writes it, for example <c>hetzner</c>.</param>
/// <param name="Code">Machine-readable code in upper snake case, for example <c>HETZNER_SNAPSHOT_CREATE</c>.</param>
/// <param name="Details">One line a person reads on the Events page.</param>
public sealed record AuditEvent(string Module, string Code, string Details);

/// <summary>Raises notifications for the admin (the bell in the top bar).</summary>
public interface IAdminNotifier
{
    /// <summary>Adds a notification; it stays until an admin marks it read.</summary>
    Task RaiseAsync(AdminNotification notification, CancellationToken cancellationToken = default);
}

/// <summary>A notification for the admin.</summary>
/// <param name="Module">The module id that raises it.</param>
/// <param name="Severity">How urgent it is.</param>
/// <param name="Title">Short title, for example "Automatic snapshot failed".</param>
/// <param name="Message">What happened and what to do, in plain words. Never a secret.</param>
public sealed record AdminNotification(string Module, NotificationSeverity Severity, string Title, string Message);

/// <summary>Urgency of a notification.</summary>
public enum NotificationSeverity
{
    /// <summary>For information.</summary>
    Info = 0,
    /// <summary>Something needs a look.</summary>
    Warning = 1,
    /// <summary>Something failed and data may be at risk.</summary>
    Critical = 2,
}
