namespace Panel.Contracts;

/// <summary>What contract 1.2 adds in this stand-in: a type a host providing 1.1 does not have.</summary>
public static class NextMinorAddition
{
    public const string Name = "added in 1.2";
}
