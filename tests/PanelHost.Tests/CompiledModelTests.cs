using Microsoft.EntityFrameworkCore;
using Panel.Tests.Shared;
using PanelHost.Data;

namespace PanelHost.Tests;

public sealed class CompiledModelTests
{
    [Fact]
    public void Compiled_model_matches_OnModelCreating()
    {
        using var db = new PanelDbContext(new DbContextOptionsBuilder<PanelDbContext>().UseSqlite("Data Source=:memory:").Options);
        CompiledModelAssert.MatchesOnModelCreating<Data.CompiledModel.PanelDbContextModel>(db);
    }
}
