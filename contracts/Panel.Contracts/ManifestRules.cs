using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Panel.Contracts;

/// <summary>
/// The rules the host applies to a module before it loads it. The host, the SDK's build-time check and the test kit
/// all call this one implementation, so a module that passes its build passes the host.
/// </summary>
public static partial class ManifestRules
{
    /// <summary>Checks the manifest alone: its id, menu entry and tab paths.</summary>
    /// <param name="manifest">The module's manifest.</param>
    /// <returns>One sentence per broken rule; empty when the manifest passes.</returns>
    public static IReadOnlyList<string> Check(ModuleManifest? manifest)
    {
        if (manifest is null)
        {
            return ["the module has no manifest"];
        }

        var problems = new List<string>();
        if (!IdPattern().IsMatch(manifest.Id ?? string.Empty))
        {
            problems.Add($"manifest id '{manifest.Id}' must be 1-32 lower-case letters, digits or '-'");
        }

        if (string.IsNullOrWhiteSpace(manifest.Menu?.Title))
        {
            problems.Add("manifest menu entry has no title");
        }

        if (manifest.Tabs is null || manifest.Tabs.Count == 0)
        {
            problems.Add("manifest declares no tabs");
            return problems;
        }

        foreach (var tab in manifest.Tabs)
        {
            if (!PathPattern().IsMatch(tab.Path ?? string.Empty))
            {
                problems.Add($"tab '{tab.Id}' has an invalid path '{tab.Path}'");
            }
        }

        return problems;
    }

    /// <summary>
    /// Checks the manifest and that each tab's page exists: a routable component of <paramref name="moduleAssembly"/>
    /// whose <c>@page</c> template matches <c>/m/{Id}/{Path}</c>. Without it the menu entry would lead to a 404.
    /// </summary>
    /// <param name="manifest">The module's manifest.</param>
    /// <param name="moduleAssembly">The module's assembly, which holds its pages.</param>
    /// <returns>One sentence per broken rule; empty when the module passes.</returns>
    public static IReadOnlyList<string> Check(ModuleManifest? manifest, Assembly moduleAssembly)
    {
        ArgumentNullException.ThrowIfNull(moduleAssembly);
        var problems = Check(manifest).ToList();
        if (problems.Count > 0 || manifest is null)
        {
            return problems;
        }

        var routes = RouteTemplates(moduleAssembly);
        foreach (var tab in manifest.Tabs)
        {
            var path = $"/m/{manifest.Id}/{tab.Path}";
            if (!routes.Any(route => Matches(route, path)))
            {
                problems.Add($"tab '{tab.Id}' points to {path}, but no component of {moduleAssembly.GetName().Name} has @page \"{path}\"");
            }
        }

        return problems;
    }

    private static List<RoutePattern> RouteTemplates(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes().Concat(assembly.GetTypes()).Distinct().ToArray();
        }
        catch (ReflectionTypeLoadException ex)
        {
            types = [.. ex.Types.OfType<Type>()];
        }

        return [.. types
            .Where(t => typeof(IComponent).IsAssignableFrom(t) && !t.IsAbstract)
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>(inherit: false))
            .Select(r => RoutePatternFactory.Parse(r.Template))];
    }

    // Literal segments must be equal (case-insensitively, as routing compares them); a parameter segment takes any value.
    private static bool Matches(RoutePattern route, string path)
    {
        var segments = path.Trim('/').Split('/');
        if (route.PathSegments.Count != segments.Length)
        {
            return false;
        }

        for (var i = 0; i < segments.Length; i++)
        {
            var parts = route.PathSegments[i].Parts;
            if (parts is [RoutePatternLiteralPart literal]
                && !string.Equals(literal.Content, segments[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9/-]{0,63}$")]
    private static partial Regex PathPattern();
}
