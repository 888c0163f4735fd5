using FluentValidation;
using Panel.Modules.Hetzner.Restore;
using Panel.Modules.Hetzner.Snapshots.Secrets;

namespace Panel.Modules.Hetzner.Features.RebuildServerFromSnapshot;

internal sealed class RebuildServerFromSnapshotCommandValidator : AbstractValidator<RebuildServerFromSnapshotCommand>
{
    public RebuildServerFromSnapshotCommandValidator(ConnectionReader connections, RestoreChoicesReader reader)
    {
        ArgumentNullException.ThrowIfNull(connections);
        ArgumentNullException.ThrowIfNull(reader);
        RuleFor(c => c.SnapshotId).GreaterThan(0).WithMessage("A snapshot id is a positive number.")
            .MustAsync(async (id, cancellationToken) => await reader.FindSnapshotAsync(id, cancellationToken) is not null)
            .WithMessage(c => RestoreChoicesReader.NotRestorable(c.SnapshotId));
        RuleFor(c => c.ConfirmName).NotEmpty().WithMessage("Type the server's name to confirm the rebuild.")
            .CustomAsync(async (typed, context, cancellationToken) =>
            {
                // The name the token was checked against: the server this panel runs on.
                if (await connections.GetAsync(cancellationToken) is { } connection && !string.IsNullOrEmpty(typed) && typed != connection.ServerName)
                {
                    context.AddFailure(
                        $"“{typed}” is not this server's name. Type {connection.ServerName} exactly (same letters and case) to confirm that this server's disk is replaced.");
                }
            });
    }
}
