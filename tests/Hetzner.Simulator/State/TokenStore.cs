namespace Hetzner.Simulator.State;

internal enum TokenAccess
{
    Unknown,
    ReadOnly,
    ReadWrite,
}

internal sealed class TokenStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, bool> _readOnlyByToken = new(StringComparer.Ordinal);

    public void Add(string token, bool readOnly)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        lock (_gate)
        {
            _readOnlyByToken[token] = readOnly;
        }
    }

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
