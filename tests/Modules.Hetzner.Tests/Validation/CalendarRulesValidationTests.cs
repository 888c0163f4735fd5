using FluentValidation;
using Panel.Modules.Hetzner.Features.GetSettingsSummary;
using Panel.Modules.Hetzner.Features.PreviewPrune;
using Panel.Modules.Hetzner.Features.SaveSnapshotSettings;

namespace Modules.Hetzner.Tests.Validation;

/// <summary>The calendar fields are refused alike when saving, previewing and forecasting, each naming its field.</summary>
public sealed class CalendarRulesValidationTests
{
    [Theory]
    [InlineData(0, 0, 0, "UTC")]
    [InlineData(7, 4, 12, "Europe/Berlin")]
    [InlineData(366, 104, 60, "America/Argentina/Buenos_Aires")]
    [InlineData(null, null, null, null)]
    public void Offered_values_and_omitted_fields_are_valid(int? daily, int? weekly, int? monthly, string? zone)
    {
        Assert.Empty(Save(daily, weekly, monthly, zone));
        Assert.Empty(Errors(new PreviewPruneQueryValidator(), new PreviewPruneQuery(null, null, daily, weekly, monthly, zone)));
        Assert.Empty(Errors(new GetSettingsSummaryQueryValidator(), new GetSettingsSummaryQuery(true, 12, 7, 1, daily, weekly, monthly, zone)));
    }

    [Theory]
    [InlineData(-1, 0, 0, "KeepDaily", "Keep daily must be a whole number from 0 (off) to 366 days.")]
    [InlineData(367, 0, 0, "KeepDaily", "Keep daily must be a whole number from 0 (off) to 366 days.")]
    [InlineData(0, 105, 0, "KeepWeekly", "Keep weekly must be a whole number from 0 (off) to 104 weeks.")]
    [InlineData(0, 0, 61, "KeepMonthly", "Keep monthly must be a whole number from 0 (off) to 60 months.")]
    public void Counts_out_of_range_are_refused_naming_the_field(int daily, int weekly, int monthly, string field, string message)
    {
        var error = Assert.Single(new SaveSnapshotSettingsCommandValidator().Validate(new SaveSnapshotSettingsCommand(true, 12, 7, 1, daily, weekly, monthly, "UTC")).Errors);

        Assert.Equal(field, error.PropertyName);
        Assert.Equal(message, error.ErrorMessage);
        Assert.Equal([message], Errors(new PreviewPruneQueryValidator(), new PreviewPruneQuery(null, null, daily, weekly, monthly, "UTC")));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("europe/berlin")]
    [InlineData("W. Europe Standard Time")]
    [InlineData("")]
    [InlineData("Europe/Berlin\n")]
    public void A_time_zone_that_is_not_an_IANA_id_this_server_knows_is_refused(string zone)
    {
        var error = Assert.Single(new SaveSnapshotSettingsCommandValidator().Validate(new SaveSnapshotSettingsCommand(true, 12, 7, 1, 0, 0, 0, zone)).Errors);

        Assert.Equal("TimeZone", error.PropertyName);
        Assert.Equal($"Time zone “{zone}” is not an IANA time zone this server knows; use a name such as UTC, Europe/Berlin or America/New_York.", error.ErrorMessage);
    }

    private static string[] Save(int? daily, int? weekly, int? monthly, string? zone) =>
        Errors(new SaveSnapshotSettingsCommandValidator(), new SaveSnapshotSettingsCommand(true, 12, 7, 1, daily, weekly, monthly, zone));

    private static string[] Errors<T>(IValidator<T> validator, T request) =>
        [.. validator.Validate(request).Errors.Select(e => e.ErrorMessage)];
}
