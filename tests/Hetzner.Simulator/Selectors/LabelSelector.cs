using System.Text.RegularExpressions;

namespace Hetzner.Simulator.Selectors;

internal enum SelectorOperator
{
    Equals,
    NotEquals,
    Exists,
    NotExists,
    In,
    NotIn,
}

internal sealed record SelectorRequirement(string Key, SelectorOperator Operator, IReadOnlyList<string> Values)
{
    /// <summary>
    /// Negations match resources without the key, as in Kubernetes, whose selector syntax Hetzner copies; the Hetzner
    /// docs leave this open (hetzner-api.md section 5).
    /// </summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            SelectorOperator.Equals => present && value == Values[0],
            SelectorOperator.NotEquals => !present || value != Values[0],
            SelectorOperator.Exists => present,
            SelectorOperator.NotExists => !present,
            SelectorOperator.In => present && Values.Contains(value),
            SelectorOperator.NotIn => !present || !Values.Contains(value),
            _ => false,
        };
    }
}

internal sealed class LabelSelectorException(string message) : Exception(message);

/// <summary>A parsed <c>label_selector</c>: every requirement must hold (a comma means AND).</summary>
internal sealed partial class LabelSelector
{
    private LabelSelector(IReadOnlyList<SelectorRequirement> requirements) => Requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public IReadOnlyList<SelectorRequirement> Requirements { get; }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => Requirements.All(r => r.Matches(labels));

    /// <exception cref="LabelSelectorException">The text is not a valid selector.</exception>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        return new LabelSelector([.. SplitTopLevel(text).Select(ParseTerm)]);
    }

    /// <summary>Splits on commas outside parentheses, because <c>k in (a,b)</c> carries its own commas.</summary>
    private static List<string> SplitTopLevel(string text)
    {
        var terms = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    if (depth > 1)
                    {
                        throw new LabelSelectorException("nested parentheses are not allowed");
                    }

                    break;
                case ')':
                    depth--;
                    if (depth < 0)
                    {
                        throw new LabelSelectorException("unbalanced ')'");
                    }

                    break;
                case ',' when depth == 0:
                    terms.Add(text[start..i]);
                    start = i + 1;
                    break;
                default:
                    break;
            }
        }

        if (depth != 0)
        {
            throw new LabelSelectorException("unbalanced '('");
        }

        terms.Add(text[start..]);
        return terms;
    }

    private static SelectorRequirement ParseTerm(string raw)
    {
        var term = raw.Trim();
        if (term.Length == 0)
        {
            throw new LabelSelectorException("empty selector term");
        }

        var set = SetPattern().Match(term);
        if (set.Success)
        {
            var op = set.Groups["op"].Value == "in" ? SelectorOperator.In : SelectorOperator.NotIn;
            var values = set.Groups["values"].Value.Split(',').Select(v => v.Trim()).ToList();
            values.ForEach(RequireValue);
            return Requirement(set.Groups["key"].Value, op, values);
        }

        if (term.StartsWith('!') && !term.Contains('='))
        {
            return Requirement(term[1..].Trim(), SelectorOperator.NotExists, []);
        }

        foreach (var (token, op) in new[] { ("!=", SelectorOperator.NotEquals), ("==", SelectorOperator.Equals), ("=", SelectorOperator.Equals) })
        {
            var at = term.IndexOf(token, StringComparison.Ordinal);
            if (at >= 0)
            {
                var value = term[(at + token.Length)..].Trim();
                RequireValue(value);
                return Requirement(term[..at].Trim(), op, [value]);
            }
        }

        return Requirement(term, SelectorOperator.Exists, []);
    }

    private static SelectorRequirement Requirement(string key, SelectorOperator op, IReadOnlyList<string> values) =>
        LabelRules.IsValidKey(key) ? new SelectorRequirement(key, op, values) : throw new LabelSelectorException($"invalid label key '{key}'");

    private static void RequireValue(string value)
    {
        if (!LabelRules.IsValidValue(value))
        {
            throw new LabelSelectorException($"invalid label value '{value}'");
        }
    }

    [GeneratedRegex(@"^(?<key>[^\s!=(),]+)\s+(?<op>in|notin)\s*\((?<values>[^()]*)\)$")]
    private static partial Regex SetPattern();
}
