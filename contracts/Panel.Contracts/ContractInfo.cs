namespace Panel.Contracts;

/// <summary>The version of this contract. The major part is the assembly's major version.</summary>
public static class ContractInfo
{
    /// <summary>Bumped only for a breaking change; the host refuses modules compiled against another major.</summary>
    public const int MajorVersion = 1;
}
