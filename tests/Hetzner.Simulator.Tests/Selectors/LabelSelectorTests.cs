using Hetzner.Simulator.Selectors;

namespace Hetzner.Simulator.Tests.Selectors;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Labels = new()
    {
        ["env"] = "prod",
        ["tier"] = "web",
        ["example.com/owner"] = "ops",
        ["empty"] = string.Empty,
    };

    [Theory]
    [InlineData("env=prod", true)]
    [InlineData("env==prod", true)]
    [InlineData("env=dev", false)]
    [InlineData("env!=dev", true)]
    [InlineData("env!=prod", false)]
    [InlineData("missing!=x", true)]
    [InlineData("env", true)]
    [InlineData("missing", false)]
    [InlineData("!missing", true)]
    [InlineData("!env", false)]
    [InlineData("env in (dev,prod)", true)]
    [InlineData("env in (dev, staging)", false)]
    [InlineData("env notin (dev,staging)", true)]
    [InlineData("env notin (prod)", false)]
    [InlineData("missing notin (prod)", true)]
    [InlineData("env in (dev,prod),tier=web", true)]
    [InlineData("env in (dev,prod),tier=db", false)]
    [InlineData(" env = prod , tier ", true)]
    [InlineData("example.com/owner=ops", true)]
    [InlineData("empty=", true)]
    [InlineData("", true)]
    public void Matches_like_the_documented_operators(string selector, bool expected) =>
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Labels));

    [Fact]
    public void Commas_inside_parentheses_do_not_split_terms()
    {
        var selector = LabelSelector.Parse("a in (x,y,z),b");

        Assert.Equal(2, selector.Requirements.Count);
        Assert.Equal(new SelectorRequirement("a", SelectorOperator.In, ["x", "y", "z"]).Values, selector.Requirements[0].Values);
        Assert.Equal(SelectorOperator.Exists, selector.Requirements[1].Operator);
    }

    [Theory]
    [InlineData("a in (x")]
    [InlineData("a in x)")]
    [InlineData("a in ((x))")]
    [InlineData("a=b,,c")]
    [InlineData(",")]
    [InlineData("bad key=v")]
    [InlineData("k=bad value")]
    [InlineData("k=v=w")]
    [InlineData("-k=v")]
    [InlineData("!k=v")]
    [InlineData("k in (a,b c)")]
    public void Rejects_malformed_selectors(string selector) =>
        Assert.Throws<LabelSelectorException>(() => LabelSelector.Parse(selector));

    [Theory]
    [InlineData("k", "v", true)]
    [InlineData("example.com/k", "", true)]
    [InlineData("k_1.x-y", "A.b_c-9", true)]
    [InlineData("-k", "v", false)]
    [InlineData("k", "v-", false)]
    [InlineData("Example.com/k", "v", false)]
    [InlineData("hetzner.cloud/k", "v", false)]
    public void Label_rules_follow_the_spec_patterns(string key, string value, bool valid) =>
        Assert.Equal(valid, LabelRules.FindProblem(new Dictionary<string, string> { [key] = value }) is null);

    [Fact]
    public void A_64_character_name_is_too_long() =>
        Assert.False(LabelRules.IsValidKey(new string('a', 64)));
}
