using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PanelModule1.Data;

/// <summary>The module's own SQLite database, in its data folder.</summary>
internal sealed class NotesDbContext(DbContextOptions<NotesDbContext> options) : DbContext(options)
{
    public DbSet<Note> Notes => Set<Note>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Note>(note =>
        {
            note.ToTable("Notes");
            note.Property(n => n.Text).HasMaxLength(200);
            // SQLite cannot order by a DateTimeOffset; Unix milliseconds can.
            note.Property(n => n.CreatedAt).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
        });
}

/// <summary>For <c>dotnet ef migrations add</c>, which runs without the panel.</summary>
internal sealed class NotesDbContextFactory : IDesignTimeDbContextFactory<NotesDbContext>
{
    public NotesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<NotesDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
