using Hetzner.Simulator;
using Hetzner.Simulator.Hosting;

var builder = WebApplication.CreateBuilder(args);
var section = builder.Configuration.GetSection("Simulator");
var options = new SimulatorOptions
{
    SeedDemoProject = section.GetValue("SeedDemoProject", true),
    ReadWriteToken = section["ReadWriteToken"] ?? SimulatorDefaults.ReadWriteToken,
    ReadOnlyToken = section["ReadOnlyToken"] ?? SimulatorDefaults.ReadOnlyToken,
};
var state = builder.AddSimulator(options);
if (section.GetValue<int?>("ActionDurationMs") is { } durationMs)
{
    state.ActionDuration = TimeSpan.FromMilliseconds(durationMs);
}

if (section.GetValue<int?>("SnapshotQuota") is { } quota)
{
    state.SnapshotQuota = quota;
}

if (section.GetValue<int?>("RateLimitPerHour") is { } rate)
{
    state.RateLimitPerHour = rate;
}

var app = builder.Build();
app.UseSimulator();
app.Run();

/// <summary>Entry point, visible to tests.</summary>
public partial class Program;
