using Panel.Modules.Hetzner.Integration;

namespace Modules.Hetzner.Tests.Integration;

public sealed class HetznerErrorTextTests
{
    public static TheoryData<string> Codes() =>
    [
        .. typeof(HetznerError).GetFields()
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!),
    ];

    [Theory]
    [MemberData(nameof(Codes))]
    public void Every_known_code_has_its_own_plain_sentence(string code)
    {
        var text = HetznerErrorText.Describe(new HetznerError(code, "detail", 400));

        Assert.DoesNotContain($"({code})", text, StringComparison.Ordinal);
        Assert.Matches("^[A-Z].*[.:]", text);
    }

    [Fact]
    public void Unknown_code_names_the_code_and_the_message()
    {
        var text = HetznerErrorText.Describe(new HetznerError("placement_error", "no room", 412));

        Assert.Equal("Hetzner refused the request (placement_error): no room", text);
    }

    [Fact]
    public void Distinct_situations_get_distinct_advice()
    {
        var texts = new[] { "unauthorized", "token_readonly", "forbidden", "not_found", "locked", "protected", "resource_limit_exceeded", "rate_limit_exceeded", "network_error" }
            .Select(c => HetznerErrorText.Describe(new HetznerError(c, "", 0)));

        Assert.Equal(9, texts.Distinct().Count());
    }
}
