using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Panel.Modules.Hetzner.Snapshots.Scheduling;

namespace Panel.Modules.Hetzner.Data;

/// <summary>The module's own SQLite database (<c>hetzner.db</c> in the module's data folder).</summary>
internal sealed class HetznerDbContext(DbContextOptions<HetznerDbContext> options) : DbContext(options)
{
    public const string FileName = "hetzner.db";

    public DbSet<SettingsRecord> Settings => Set<SettingsRecord>();

    public DbSet<ModuleStateRecord> State => Set<ModuleStateRecord>();

    public DbSet<SnapshotRecord> Snapshots => Set<SnapshotRecord>();

    public DbSet<SnapshotRunRecord> Runs => Set<SnapshotRunRecord>();

    public DbSet<SnapshotDeletionRecord> Deletions => Set<SnapshotDeletionRecord>();

    public DbSet<RestoreOperationRecord> Restores => Set<RestoreOperationRecord>();

    public Task<SettingsRecord> GetSettingsAsync(CancellationToken cancellationToken) =>
        Settings.SingleAsync(s => s.Id == SettingsRecord.SingletonId, cancellationToken);

    public Task<ModuleStateRecord> GetStateAsync(CancellationToken cancellationToken) =>
        State.SingleAsync(s => s.Id == ModuleStateRecord.SingletonId, cancellationToken);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset text; stored as a sortable number instead.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SettingsRecord>(settings =>
        {
            settings.Property(s => s.Id).ValueGeneratedNever();
            settings.Property(s => s.TokenMask).HasMaxLength(64);
            settings.Property(s => s.ServerName).HasMaxLength(128);
            settings.Property(s => s.TimeZone).HasMaxLength(SnapshotScheduleOptions.MaxTimeZoneLength);
            settings.HasData(new SettingsRecord
            {
                Id = SettingsRecord.SingletonId,
                FrequencyHours = SnapshotScheduleOptions.DefaultFrequencyHours,
                RetentionDays = SnapshotScheduleOptions.DefaultRetentionDays,
                KeepNewest = SnapshotScheduleOptions.DefaultKeepNewest,
                TimeZone = SnapshotScheduleOptions.DefaultTimeZone,
            });
        });

        modelBuilder.Entity<ModuleStateRecord>(state =>
        {
            state.Property(s => s.Id).ValueGeneratedNever();
            state.Property(s => s.BackupWindow).HasMaxLength(16);
            state.Property(s => s.BackupPriceCurrency).HasMaxLength(8);
            state.HasData(new ModuleStateRecord { Id = ModuleStateRecord.SingletonId });
        });

        modelBuilder.Entity<SnapshotRecord>(snapshot =>
        {
            snapshot.Property(s => s.Id).ValueGeneratedNever();
            snapshot.Ignore(s => s.Labels);
            snapshot.HasIndex(s => s.Created);
        });

        modelBuilder.Entity<SnapshotRunRecord>(run =>
        {
            run.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
            run.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            run.Property(r => r.RequestKey).HasMaxLength(63);
            run.Property(r => r.PruneStatus).HasConversion<string>().HasMaxLength(16);
            run.Ignore(r => r.IsActive);
            run.HasIndex(r => r.Status);
        });

        modelBuilder.Entity<SnapshotDeletionRecord>(deletion =>
        {
            deletion.Property(d => d.Reason).HasConversion<string>().HasMaxLength(32);
            deletion.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        });

        modelBuilder.Entity<RestoreOperationRecord>(restore =>
        {
            restore.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
            restore.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
            restore.Property(r => r.ServerType).HasMaxLength(64);
            restore.Property(r => r.Location).HasMaxLength(64);
            restore.Property(r => r.Ipv4).HasMaxLength(64);
            restore.Property(r => r.ActionIds).HasMaxLength(256);
            restore.Ignore(r => r.ActionIdList);
            restore.HasIndex(r => r.Status);
        });
    }
}
