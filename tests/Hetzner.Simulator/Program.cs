var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/v1/servers", () => Results.Json(new { servers = Array.Empty<object>() }));
app.Run();

/// <summary>Entry point, visible to tests.</summary>
public partial class Program;
