namespace PanelHost.Services;

/// <summary>
/// Remembers that first-run setup is done, so the setup redirect costs one database read per process, not per request.
/// </summary>
internal sealed class SetupState(Auth.AccountService accounts)
{
    private volatile bool _done;

    public async ValueTask<bool> IsDoneAsync(CancellationToken ct)
    {
        if (!_done && !await accounts.SetupRequiredAsync(ct).ConfigureAwait(false))
        {
            _done = true;
        }

        return _done;
    }

    public void MarkDone() => _done = true;
}
