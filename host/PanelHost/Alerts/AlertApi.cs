namespace PanelHost.Alerts;

/// <summary>The alert channels' JSON API (admins and automation keys, like the rest of <c>/api</c>).</summary>
internal static class AlertApi
{
    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api/alerts").WithTags("Panel");
        api.MapGet("/channels", async (AlertChannelService channels, CancellationToken ct) =>
            (await channels.ListAsync(ct).ConfigureAwait(false)).Select(Dto).ToList())
            .WithName("GetAlertChannels");

        // One operation for both: no id creates, an id changes (empty secrets keep the stored ones).
        api.MapPost("/channels", async (AlertChannelService channels, AlertChannelInput input, CancellationToken ct) =>
        {
            var (channel, errors) = await channels.SaveAsync(input, ct).ConfigureAwait(false);
            if (channel is not null)
            {
                return input.Id is null ? Results.Created($"/api/alerts/channels/{channel.Id}", Dto(channel)) : Results.Ok(Dto(channel));
            }

            return errors.TryGetValue("", out var missing)
                ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such alert channel", detail: missing)
                : Results.ValidationProblem(errors.ToDictionary(e => JsonName(e.Key), e => new[] { e.Value }), title: "The alert channel was not saved");
        }).WithName("SaveAlertChannel");

        api.MapDelete("/channels/{id:int}", async (AlertChannelService channels, int id, CancellationToken ct) =>
            await channels.DeleteAsync(id, ct).ConfigureAwait(false) is null ? NotFound(id) : Results.NoContent())
            .WithName("DeleteAlertChannel");

        // 200 either way when the channel exists: the outcome of the delivery is the answer, not an error of the call.
        api.MapPost("/channels/{id:int}/test", async (AlertChannelService channels, int id, CancellationToken ct) =>
        {
            var (found, error) = await channels.SendTestAsync(id, ct).ConfigureAwait(false);
            return found ? Results.Ok(new AlertTestResultDto(error is null, error)) : NotFound(id);
        }).WithName("SendTestAlert");
    }

    private static IResult NotFound(int id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such alert channel", detail: $"There is no alert channel {id}.");

    private static string JsonName(string property) => property.Length == 0 ? property : char.ToLowerInvariant(property[0]) + property[1..];

    private static AlertChannelDto Dto(AlertChannelView c) => new(
        c.Id, c.Name, AlertChannelRules.Name(c.Kind), c.Enabled, c.SmtpHost, c.SmtpPort,
        c.Kind == AlertChannelKind.Email ? AlertChannelRules.Name(c.SmtpSecurity) : null, c.SmtpUser, c.MailFrom, c.MailTo, c.WebhookUrlMask,
        c.SecretMask, c.LastSuccessAt, c.LastFailureAt, c.LastError, c.Queued);
}

/// <summary>A channel as the API returns it: <c>secretMask</c> is the SMTP password's or signing secret's mask and
/// <c>webhookUrlMask</c> the webhook URL's scheme and host (neither secret nor URL is ever returned: the URL's path is
/// often the credential); <c>queued</c> counts alerts waiting for delivery or their next retry.</summary>
internal sealed record AlertChannelDto(
    int Id,
    string Name,
    string Kind,
    bool Enabled,
    string? SmtpHost,
    int? SmtpPort,
    string? SmtpSecurity,
    string? SmtpUser,
    string? MailFrom,
    string? MailTo,
    string? WebhookUrlMask,
    string? SecretMask,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastFailureAt,
    string? LastError,
    int Queued);

/// <param name="Delivered">The channel accepted the test alert.</param>
/// <param name="Error">Why not, exactly as the mail server or webhook said it.</param>
internal sealed record AlertTestResultDto(bool Delivered, string? Error);
