namespace PanelHost.Auth.Accounts;

/// <summary>
/// What every account use case that can refuse answers: the value, or the reasons keyed by the form field they concern
/// (<see cref="AccountResult.WholeForm"/> for the form as a whole), each a sentence the page shows as it is. A refusal
/// by the lock-out also says until when.
/// </summary>
internal sealed record AccountResult<T>(T? Value, IReadOnlyDictionary<string, string> Errors, DateTimeOffset? LockedUntil = null)
    where T : class
{
    public bool Succeeded => Value is not null;

    public bool IsLockedOut => LockedUntil is not null;
}

internal static class AccountResult
{
    /// <summary>The key of a reason that concerns no single field.</summary>
    public const string WholeForm = "";

    private static readonly IReadOnlyDictionary<string, string> NoErrors = new Dictionary<string, string>();

    public static AccountResult<T> Success<T>(T value)
        where T : class => new(value, NoErrors);

    public static AccountResult<T> Refused<T>(string field, string message)
        where T : class => new(null, new Dictionary<string, string> { [field] = message });

    public static AccountResult<T> Refused<T>(IReadOnlyDictionary<string, string> errors)
        where T : class => new(null, errors);

    public static AccountResult<T> LockedOut<T>(DateTimeOffset until, string field, string message)
        where T : class => new(null, new Dictionary<string, string> { [field] = message }, until);
}
