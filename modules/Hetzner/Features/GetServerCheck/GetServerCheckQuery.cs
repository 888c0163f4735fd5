using MediatR;
using Panel.Modules.Hetzner.Snapshots.Server;

namespace Panel.Modules.Hetzner.Features.GetServerCheck;

/// <summary>Whether the panel runs on the server its settings are for, as the last check found (both tabs show a banner
/// when it does not). Asks the metadata service only when nothing has checked yet since the panel started.</summary>
internal sealed record GetServerCheckQuery : IRequest<ServerCheckView>;

/// <param name="Status">NotChecked, NoServerSaved, Confirmed, Moved or Unreachable.</param>
/// <param name="SavedServerId">The server the settings are for.</param>
/// <param name="SavedServerName">Its name.</param>
/// <param name="CurrentServerId">The server the metadata service named (the one <c>POST /server/switch</c> takes).</param>
/// <param name="CheckedAt">When it was asked.</param>
/// <param name="Message">What this means for snapshots, when they are held back.</param>
internal sealed record ServerCheckView(
    ServerCheckStatus Status,
    long? SavedServerId,
    string? SavedServerName,
    long? CurrentServerId,
    DateTimeOffset? CheckedAt,
    string? Message)
{
    public static ServerCheckView From(ServerCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return new(check.Status, check.SavedServerId, check.SavedServerName, check.CurrentServerId, check.CheckedAt, check.Reason);
    }
}
