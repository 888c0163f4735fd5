using System.Text.RegularExpressions;
using FluentValidation;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Restore;

namespace Panel.Modules.Hetzner.Features.CreateServerFromSnapshot;

/// <summary>Hetzner's own rules for the name, and type and location checked against the choices it offers now.</summary>
internal sealed partial class CreateServerFromSnapshotCommandValidator : AbstractValidator<CreateServerFromSnapshotCommand>
{
    public const int MaxNameLength = 253;

    public const string NameRule =
        "Server name must be a valid host name: letters, digits and dashes, in parts separated by dots; no part may start or end with a dash or be longer than 63 characters.";

    public CreateServerFromSnapshotCommandValidator(RestoreChoicesReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        RuleFor(c => c.SnapshotId).GreaterThan(0).WithMessage("A snapshot id is a positive number.");
        RuleFor(c => c.Name).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Server name is required.")
            .MaximumLength(MaxNameLength).WithMessage("Server name must be at most {MaxLength} characters long (it has {TotalLength}).")
            .Must(IsHostName).WithMessage(NameRule);
        RuleFor(c => c.ServerType).NotEmpty().WithMessage("Choose a server type.");
        RuleFor(c => c.Location).NotEmpty().WithMessage("Choose a location.");
        RuleFor(c => c).CustomAsync(async (command, context, cancellationToken) =>
        {
            if (command.SnapshotId <= 0 || string.IsNullOrEmpty(command.ServerType) || string.IsNullOrEmpty(command.Location))
            {
                return;
            }

            RestoreChoices choices;
            try
            {
                choices = await reader.ReadAsync(command.SnapshotId, cancellationToken);
            }
            catch (ProblemException ex) when (ex.StatusCode == 404)
            {
                context.AddFailure(nameof(command.SnapshotId), ex.Message);
                return;
            }

            var type = choices.Type(command.ServerType);
            if (type is null)
            {
                context.AddFailure(nameof(command.ServerType),
                    $"Server type “{command.ServerType}” is not one Hetzner offers for this snapshot. Choose one of: {string.Join(", ", choices.ServerTypes.Select(t => t.Name))}.");
            }

            if (choices.Location(command.Location) is null)
            {
                context.AddFailure(nameof(command.Location),
                    $"Location “{command.Location}” is not one Hetzner offers. Choose one of: {string.Join(", ", choices.Locations.Select(l => l.Name))}.");
            }
            else if (type is not null && choices.MonthlyPrice(type.Name, command.Location) is null)
            {
                context.AddFailure(nameof(command.Location),
                    $"Hetzner does not sell {type.Name} in {command.Location}. Choose one of: {string.Join(", ", type.Prices.Select(p => p.Location))}.");
            }
        });
    }

    /// <summary>RFC 1123, as Hetzner requires of server names.</summary>
    public static bool IsHostName(string name) => HostName().IsMatch(name);

    [GeneratedRegex("^(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*$")]
    private static partial Regex HostName();
}
