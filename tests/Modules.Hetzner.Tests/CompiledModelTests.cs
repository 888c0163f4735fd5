using Microsoft.EntityFrameworkCore;
using Panel.Modules.Hetzner.Data;
using Panel.Tests.Shared;

namespace Modules.Hetzner.Tests;

public sealed class CompiledModelTests
{
    [Fact]
    public void Compiled_model_matches_OnModelCreating()
    {
        using var db = new HetznerDbContext(new DbContextOptionsBuilder<HetznerDbContext>().UseSqlite("Data Source=:memory:").Options);
        CompiledModelAssert.MatchesOnModelCreating<Panel.Modules.Hetzner.Data.CompiledModel.HetznerDbContextModel>(db);
    }
}
