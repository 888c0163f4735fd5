using Microsoft.EntityFrameworkCore;

namespace StackFloorApp;

internal sealed class FloorDbContext(DbContextOptions<FloorDbContext> options) : DbContext(options)
{
    public DbSet<Entry> Entries => Set<Entry>();
}

internal sealed class Entry
{
    public int Id { get; set; }

    public string Text { get; set; } = "";

    public DateTimeOffset At { get; set; }
}
