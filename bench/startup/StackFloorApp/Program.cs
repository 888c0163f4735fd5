using Microsoft.EntityFrameworkCore;
using StackFloorApp;
using StackFloorApp.Components;

var builder = WebApplication.CreateBuilder(args);
var dataPath = builder.Configuration["Panel:DataPath"] ?? "data";
Directory.CreateDirectory(dataPath);
builder.Services.AddRazorComponents();
builder.Services.AddDbContextFactory<FloorDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(dataPath, "stack-floor.db")}"));
var app = builder.Build();

// As the panel does: the page is served while the database is made ready on another thread.
var ready = Task.Run(async () =>
{
    await using var db = await app.Services.GetRequiredService<IDbContextFactory<FloorDbContext>>().CreateDbContextAsync();
    await db.Database.EnsureCreatedAsync();
    return await db.Entries.CountAsync();
});

app.UseAntiforgery();
app.MapRazorComponents<App>();
await app.RunAsync();
await ready;
