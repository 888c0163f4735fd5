using System.Xml;
using System.Xml.Linq;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PanelHost.Services;

/// <summary>
/// Data Protection reads every <c>keys/*.xml</c> whenever it needs its key ring, and one unreadable file (garbage,
/// empty, cut short) makes every antiforgery token, session cookie and secret fail, including on the error page. This
/// finds such a file by name, once, so that start-up can say which, <c>/healthz</c> reports Unhealthy, and the login
/// page explains the way out instead of failing (ADR-0014). The check is lazy: the first page or health request, or
/// start-up's preparation, whichever comes first, pays for it.
/// </summary>
internal sealed class KeyRingCheck(PanelPaths paths)
{
    private readonly Lazy<string?> _problem = new(() => Inspect(paths.KeysPath));

    /// <summary>One sentence naming the unreadable key file and the way out, or null when every key file reads.</summary>
    public string? Problem => _problem.Value;

    public bool IsBroken => Problem is not null;

    internal static string? Inspect(string keysPath)
    {
        if (!Directory.Exists(keysPath))
        {
            return null;
        }

        foreach (var file in Directory.EnumerateFiles(keysPath, "*.xml").Order(StringComparer.Ordinal))
        {
            if (Unreadable(file) is { } reason)
            {
                return $"The Data Protection key file {file} {reason}, so nobody can log in and saved secrets cannot be decrypted. "
                    + "Stop the panel, restore the keys folder from a backup or move that file out of it, and start again (README, \"Broken key file\").";
            }
        }

        return null;
    }

    private static string? Unreadable(string file)
    {
        try
        {
            if (new FileInfo(file).Length == 0)
            {
                return "is empty";
            }

            var root = XElement.Load(file);
            return root.Name.LocalName == "key" || root.Name.LocalName == "revocation" ? null : $"holds a <{root.Name.LocalName}> element, not a key";
        }
        catch (XmlException ex)
        {
            return $"is not a readable key ({ex.Message})";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read ({ex.Message})";
        }
    }
}

/// <summary>Unhealthy while a key file is unreadable: nobody can log in. The file is named in the log, not to the
/// anonymous caller of <c>/healthz</c>.</summary>
internal sealed class KeyRingHealthCheck(KeyRingCheck keys) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(keys.IsBroken
            ? HealthCheckResult.Unhealthy("A Data Protection key file is unreadable; see the log.")
            : HealthCheckResult.Healthy());
}
