using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Panel.Modules.Hetzner.Data;

/// <summary>Lets <c>dotnet ef</c> build the context without the host (the plugin is its own startup project).</summary>
internal sealed class HetznerDbContextFactory : IDesignTimeDbContextFactory<HetznerDbContext>
{
    public HetznerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<HetznerDbContext>()
            .UseSqlite($"Data Source={HetznerDbContext.FileName}")
            .Options);
}
