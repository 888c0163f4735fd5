using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PanelHost.Data;

/// <summary>Lets <c>dotnet ef</c> build the context without starting the host (which would load plugins).</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PanelDbContext>
{
    public PanelDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PanelDbContext>().UseSqlite("Data Source=design.db").Options);
}
