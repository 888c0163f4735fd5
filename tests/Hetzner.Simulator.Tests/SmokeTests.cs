namespace Hetzner.Simulator.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Simulator_assembly_is_referenced() =>
        Assert.Equal("Hetzner.Simulator", typeof(Program).Assembly.GetName().Name);
}
