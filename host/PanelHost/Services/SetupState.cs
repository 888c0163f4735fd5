namespace PanelHost.Services;

/// <summary>
/// Remembers that first-run setup is done, so the setup redirect costs one database read per data folder, not per
/// request: once the first admin exists, a marker file in the data folder says so, and a restarted panel answers the
/// setup check (and so renders <c>/login</c>) without waiting for its database. Without the marker the check waits
/// for start-up readiness and reads the accounts, then writes the marker.
/// </summary>
internal sealed class SetupState(Auth.Accounts.AdminSetupService setup, PanelPaths paths, StartupGate readiness)
{
    public const string MarkerFileName = "setup-done";

    private readonly Lock _sync = new();
    private volatile bool _done;
    private int _generation;

    private string MarkerFile => Path.Combine(paths.DataPath, MarkerFileName);

    public async ValueTask<bool> IsDoneAsync(CancellationToken ct)
    {
        if (_done)
        {
            return true;
        }

        int generation;
        lock (_sync)
        {
            generation = _generation;
        }

        if (File.Exists(MarkerFile))
        {
            // Trusted for this request; remembered only once start-up has checked it against the accounts (a stale
            // marker is deleted by Reset, which must not be undone by a request that read the file just before).
            if (readiness.IsReady)
            {
                lock (_sync)
                {
                    if (generation == _generation)
                    {
                        _done = true;
                    }
                }
            }

            return true;
        }

        await readiness.WaitAsync(ct).ConfigureAwait(false);
        if (!await setup.SetupRequiredAsync(ct).ConfigureAwait(false))
        {
            MarkDone();
        }

        return _done;
    }

    /// <summary>Called when start-up finds no admin although the marker said so.</summary>
    public void Reset()
    {
        lock (_sync)
        {
            _generation++;
            _done = false;
        }

        try
        {
            File.Delete(MarkerFile);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Called once an admin exists (first-run setup, bootstrap provisioning).</summary>
    public void MarkDone()
    {
        _done = true;
        try
        {
            if (!File.Exists(MarkerFile))
            {
                DataFolderPermissions.WriteOwnerOnly(MarkerFile, "The first admin exists; the panel skips its setup check on start.\n");
            }
        }
        catch (IOException)
        {
            // Only an optimisation: without the marker the next start reads the accounts instead.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
