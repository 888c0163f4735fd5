var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/", () => Results.Content("<!DOCTYPE html><html><head><title>Bare</title></head><body><h1>Hello</h1></body></html>", "text/html"));
await app.RunAsync();
