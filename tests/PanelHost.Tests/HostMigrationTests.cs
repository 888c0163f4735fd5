using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using PanelHost.Data;

namespace PanelHost.Tests;

/// <summary>The host's schema changes keep what an earlier release stored.</summary>
public sealed class HostMigrationTests
{
    [Fact]
    public async Task Dropping_the_unused_lock_out_columns_keeps_the_admins()
    {
        using var folder = new TempDataFolder("panel-migration-");
        var options = new DbContextOptionsBuilder<PanelDbContext>()
            .UseSqlite($"Data Source={Path.Combine(folder.Path, "panel.db")};Pooling=False").Options;
        await using var db = new PanelDbContext(options);
        var migrator = db.GetService<IMigrator>();
        // The schema of the release before the drop, with an admin as that release stored it.
        await migrator.MigrateAsync("20261130224933_AlertChannels");
        Assert.Contains("FailedLogins", await ColumnsAsync(db));
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO Admins (UserName, NormalizedUserName, PasswordHash, FailedLogins, LockedUntil, CreatedAt) VALUES ('admin', 'ADMIN', 'hash', 3, NULL, 0)");

        var warnings = new List<string>();
        await using (var logged = new PanelDbContext(new DbContextOptionsBuilder<PanelDbContext>(options)
            .LogTo(warnings.Add, Microsoft.Extensions.Logging.LogLevel.Warning).Options))
        {
            await logged.GetService<IMigrator>().MigrateAsync();
        }

        Assert.DoesNotContain(warnings, w => w.Contains("cannot be executed in a transaction", StringComparison.Ordinal));

        var columns = await ColumnsAsync(db);
        Assert.DoesNotContain("FailedLogins", columns);
        Assert.DoesNotContain("LockedUntil", columns);
        var admin = Assert.Single(await db.Admins.AsNoTracking().ToListAsync());
        Assert.Equal(("admin", "ADMIN", "hash"), (admin.UserName, admin.NormalizedUserName, admin.PasswordHash));
    }

    private static async Task<List<string>> ColumnsAsync(PanelDbContext db) =>
        await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM pragma_table_info('Admins')").ToListAsync();
}
