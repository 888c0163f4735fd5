using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hetzner.Simulator.Selectors;

namespace Hetzner.Simulator.Control;

/// <summary>
/// Body of POST /_sim/images: one <see cref="ImageSpec"/>, or <c>{"images":[...]}</c> with several differently shaped ones.
/// Every spec is checked before anything is added, so a bad body seeds nothing.
/// </summary>
internal static class ImageSeeding
{
    public static IReadOnlyList<long> Seed(JsonElement body, SimulatorState state)
    {
        var isBatch = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("images", out _);
        var specs = isBatch
            ? ControlBody.Read<ImageBatch>(body).Images ?? throw new ArgumentException("images must be an array of image objects.")
            : [ControlBody.Read<ImageSpec>(body)];
        if (specs.Count == 0)
        {
            throw new ArgumentException("images must not be empty.");
        }

        var now = state.Time.GetUtcNow();
        var seeds = specs.SelectMany((spec, i) => spec.ToSeeds(isBatch ? $"images[{i}]." : "", now)).ToList();
        return [.. seeds.Select(state.AddImage)];
    }
}

internal sealed record ImageBatch(IReadOnlyList<ImageSpec>? Images);

/// <summary>
/// <see cref="Count"/> images alike except for their created time: they step back one hour each from
/// <see cref="Created"/>, or without it from an hour ago (from now when <see cref="Count"/> is absent too).
/// </summary>
internal sealed partial record ImageSpec(
    long? ServerId,
    int? Count,
    Dictionary<string, string>? Labels,
    string? Description,
    string? Created,
    bool? DeleteProtected,
    string? Type,
    string? Status,
    double? ImageSizeGb)
{
    public const int MaxCount = 10_000;

    private static readonly string[] Types = ["snapshot", "backup"];
    private static readonly string[] Statuses = ["available", "creating", "unavailable"];

    public IEnumerable<SeedImage> ToSeeds(string prefix, DateTimeOffset now)
    {
        var count = Count ?? 1;
        if (count is < 1 or > MaxCount)
        {
            throw new ArgumentException($"{prefix}count must be between 1 and {MaxCount}.");
        }

        var type = Type ?? "snapshot";
        if (!Types.Contains(type))
        {
            throw new ArgumentException($"{prefix}type must be one of {string.Join(", ", Types)}.");
        }

        var status = Status ?? "available";
        if (!Statuses.Contains(status))
        {
            throw new ArgumentException($"{prefix}status must be one of {string.Join(", ", Statuses)}.");
        }

        var size = ImageSizeGb ?? 1.5;
        if (!double.IsFinite(size) || size < 0)
        {
            throw new ArgumentException($"{prefix}imageSizeGb must be a number of at least 0.");
        }

        if (Labels is not null && LabelRules.FindProblem(Labels) is { } problem)
        {
            throw new ArgumentException($"{prefix}labels: {problem}.");
        }

        var newest = Created is null ? (Count is null ? now : now.AddHours(-1)) : ParseCreated(prefix);
        var serverId = ServerId ?? SimulatorDefaults.DemoServerId;
        return [.. Enumerable.Range(0, count).Select(i => new SeedImage(
            serverId,
            Description ?? $"seeded {type} {i + 1}",
            newest.AddHours(-(count - 1 - i)),
            Labels,
            DeleteProtected ?? false,
            type,
            status,
            size))];
    }

    private DateTimeOffset ParseCreated(string prefix) =>
        Rfc3339().IsMatch(Created!)
        && DateTimeOffset.TryParse(Created, CultureInfo.InvariantCulture, DateTimeStyles.None, out var created)
            ? created
            : throw new ArgumentException($"{prefix}created must be an RFC 3339 time such as 2026-01-31T12:00:00Z, not '{Created}'.");

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,7})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
