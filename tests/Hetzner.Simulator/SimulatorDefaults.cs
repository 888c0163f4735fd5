namespace Hetzner.Simulator;

/// <summary>Fixed identities of the simulated demo project, shared by the standalone app and the tests.</summary>
public static class SimulatorDefaults
{
    /// <summary>64 characters, like a real token, so that <c>hcloud context create</c> accepts it too.</summary>
    public const string ReadWriteToken = "hcloud-simulator-read-write-token-012345678901234567890123456789";

    public const string ReadOnlyToken = "hcloud-simulator-read-only-token-0123456789012345678901234567890";

    public const long DemoServerId = 42;

    public const string DemoServerName = "demo-server";

    public const string DemoServerIpv4 = "203.0.113.10";

    public const string SecondServerName = "demo-worker";

    public const int DemoDiskSizeGb = 40;

    /// <summary>Used when a create_image action has no explicit duration.</summary>
    public static readonly TimeSpan ActionDuration = TimeSpan.FromSeconds(3);

    public const int RateLimitPerHour = 3600;
}
