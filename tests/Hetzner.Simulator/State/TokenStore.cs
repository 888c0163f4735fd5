namespace Hetzner.Simulator.State;

internal enum TokenAccess
{
    Unknown,
    ReadOnly,
    ReadWrite,
}

internal sealed class TokenStore
{
    public const int MaxLength = 256;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, bool> _readOnlyByToken = new(StringComparer.Ordinal);

    public void Add(string token, bool readOnly)
    {
        if (FindProblem(token) is { } problem)
        {
            throw new ArgumentException(problem);
        }

        lock (_gate)
        {
            _readOnlyByToken[token] = readOnly;
        }
    }

    /// <summary>What is wrong with a token to be added, or null when it can be used in an Authorization header.</summary>
    public static string? FindProblem(string? token) =>
        string.IsNullOrEmpty(token) ? "token must not be empty."
        : token.Length > MaxLength ? $"token must be at most {MaxLength} characters."
        : token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) ? "token must not contain whitespace or control characters."
        : null;

    public TokenAccess Check(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return TokenAccess.Unknown;
        }

        lock (_gate)
        {
            return !_readOnlyByToken.TryGetValue(token, out var readOnly) ? TokenAccess.Unknown
                : readOnly ? TokenAccess.ReadOnly : TokenAccess.ReadWrite;
        }
    }
}
