using FluentValidation;
using MediatR;
using Panel.Contracts;
using Panel.Modules.Hetzner.Common;
using Panel.Modules.Hetzner.Data;
using Panel.Modules.Hetzner.Features.SaveApiToken;
using Panel.Modules.Hetzner.Features.SaveSnapshotSettings;

namespace Panel.Modules.Hetzner.Features.ApplyPreset;

/// <summary>
/// Saves the preset through the same commands the Settings tab sends, so a preset token is checked against Hetzner
/// and stored encrypted exactly like a typed one. The schedule is checked before the token is saved, so a preset
/// with a bad schedule leaves nothing half-applied.
/// </summary>
internal sealed class ApplyPresetCommandHandler(
    HetznerDbContext db,
    IMediator mediator,
    IValidator<SaveSnapshotSettingsCommand> scheduleValidator,
    IAuditLog auditLog) : IRequestHandler<ApplyPresetCommand, PresetOutcome>
{
    public async Task<PresetOutcome> Handle(ApplyPresetCommand request, CancellationToken cancellationToken)
    {
        var settings = await db.GetSettingsAsync(cancellationToken);
        if (settings.ProtectedToken is not null)
        {
            return PresetOutcome.AlreadyConfigured;
        }

        if (request.Schedule is { } schedule)
        {
            var result = await scheduleValidator.ValidateAsync(schedule, cancellationToken);
            if (!result.IsValid)
            {
                throw Common.ValidationException.From(result.Errors);
            }
        }

        SaveApiTokenResult saved;
        try
        {
            saved = await mediator.Send(new SaveApiTokenCommand(request.Token), cancellationToken);
        }
        catch (Common.ValidationException ex) when (ex.Errors.Values.Any(messages => messages.Contains(SaveApiTokenCommandHandler.NoMetadata)))
        {
            // The token command calls a silent metadata service a refusal (the admin sees it beside the field). For a
            // preset it is worth waiting for (a server image's first boot), not a bad value.
            throw ProblemException.Upstream("The metadata service did not answer, so the server this token is for is not known yet.");
        }

        var what = $"API token {saved.TokenMask} for server {saved.ServerName} ({saved.ServerId})";
        if (request.Schedule is { } preset)
        {
            var view = await mediator.Send(preset, cancellationToken);
            what += view.Enabled
                ? $"; automatic snapshots every {view.FrequencyHours} h, kept {view.RetentionDays} days, newest {view.KeepNewest} always kept"
                : "; automatic snapshots off";
        }

        await auditLog.WriteAsync(new AuditEvent(HetznerModule.Id, AuditCodes.PresetApplied, $"Preset applied from the panel's configuration: {what}."), cancellationToken);
        return PresetOutcome.Applied;
    }
}
