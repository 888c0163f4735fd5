using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PanelHost.Data;

/// <summary>The host's own data: admins, automation keys, the audit log, notifications, alert channels with their delivery queue, and what each module's data folder held (modules keep their own databases).</summary>
internal sealed class PanelDbContext(DbContextOptions<PanelDbContext> options) : DbContext(options)
{
    public DbSet<AdminUser> Admins => Set<AdminUser>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<Notification> Notifications => Set<Notification>();

    public DbSet<ModuleDataRecord> ModuleData => Set<ModuleDataRecord>();

    public DbSet<Alerts.AlertChannel> AlertChannels => Set<Alerts.AlertChannel>();

    public DbSet<Alerts.AlertDelivery> AlertDeliveries => Set<Alerts.AlertDelivery>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset stored as text; a binary (long) form sorts correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AdminUser>(e =>
        {
            e.HasIndex(a => a.NormalizedUserName).IsUnique();
            e.Property(a => a.UserName).HasMaxLength(64);
            e.Property(a => a.NormalizedUserName).HasMaxLength(64);
        });
        modelBuilder.Entity<ApiKey>(e =>
        {
            e.HasIndex(k => k.KeyHash).IsUnique();
            e.Property(k => k.Name).HasMaxLength(100);
        });
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.HasIndex(a => a.At);
            e.Property(a => a.Code).HasMaxLength(100);
            e.Property(a => a.Module).HasMaxLength(32);
        });
        modelBuilder.Entity<Notification>(e => e.HasIndex(n => n.ReadAt));
        modelBuilder.Entity<ModuleDataRecord>(e =>
        {
            e.HasKey(m => m.ModuleId);
            e.Property(m => m.ModuleId).HasMaxLength(64);
            e.Property(m => m.AcknowledgedBy).HasMaxLength(64);
        });
        modelBuilder.Entity<Alerts.AlertChannel>(e => e.Property(c => c.Name).HasMaxLength(Alerts.AlertChannelRules.NameMaxLength));
        modelBuilder.Entity<Alerts.AlertDelivery>(e =>
        {
            e.HasIndex(d => d.NextAttemptAt);
            e.HasOne<Alerts.AlertChannel>().WithMany().HasForeignKey(d => d.ChannelId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

internal sealed class AdminUser
{
    public int Id { get; set; }

    public required string UserName { get; set; }

    public required string NormalizedUserName { get; set; }

    public required string PasswordHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastLoginAt { get; set; }
}

/// <summary>An automation key; only its SHA-256 is stored (keys are 256-bit random, so a slow hash adds nothing).</summary>
internal sealed class ApiKey
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public required string KeyHash { get; set; }

    public required string Prefix { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>A revoked key is kept (without effect) so that bootstrap provisioning does not bring it back.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public required string User { get; set; }

    public required string Module { get; set; }

    public required string Code { get; set; }

    public required string Details { get; set; }
}

internal sealed class Notification
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Module { get; set; }

    public Panel.Contracts.NotificationSeverity Severity { get; set; }

    public required string Title { get; set; }

    public required string Message { get; set; }

    public DateTimeOffset? ReadAt { get; set; }
}

/// <summary>
/// What a module's data folder held after its last successful initialisation, so that the next start notices files
/// that went missing in between (ADR-0014), and the last such loss until an admin acknowledges it.
/// </summary>
internal sealed class ModuleDataRecord
{
    public required string ModuleId { get; set; }

    /// <summary>Paths relative to the module's folder, one per line, without SQLite's transient -wal/-shm/-journal files.</summary>
    public required string Files { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    public DateTimeOffset? LostAt { get; set; }

    /// <summary>The files found missing, one per line.</summary>
    public string? LostFiles { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public string? AcknowledgedBy { get; set; }
}
